// SHA-256 hashes of keys that are public because they are printed in tutorials, books, docs and
// project templates, and so recur in unrelated repositories. Only hashes are shipped: the list
// must not itself become a source of keys. Each entry says where the key was published.
/** The lengths of the keys above: a cheap test before hashing every long string of a scan. */
export const KNOWN_PUBLIC_KEY_LENGTHS: ReadonlySet<number> = new Set([32, 40, 50, 52, 54, 66]);

export const KNOWN_PUBLIC_KEY_HASHES: ReadonlyMap<string, string> = new Map<string, string>([
  ["7c357868bad8481d4ac55140175428e8e8cd21e570d85578c6b84300a06f8d1e", "published in Heroku's python-getting-started template"],
  ["a8ad80ab28ef698d34b03b90522bed17ac605bf4f7916f9b944a72bd2a010b17", "published in MDN's Django LocalLibrary tutorial"],
  ["148d91c79b50be337a2e432bee5181ae51b080dfe1e8f4b4264f55be1bd8f012", "published in Wagtail's bakerydemo"],
  ["01c56bbea6f9f29f1305a5f4c0e80b6955cf64661917126aadbeb288decb3982", "published in django-oscar's sandbox"],
  ["d62ed5abc84627420c57828d89f908490e8f32da45561551e8fadd7eb350d125", "published in django-oscar's sandbox"],
  ["9a4a4fe91dcd3dbde47d623d83b94fc29e17d06c74ad05a918a3554872452816", "published in the book Test-Driven Development with Python"],
  ["8933f1acb23553631cbb9c1e0006b408092bff20badfa9c259f1a29d2c89ff61", "published in the Django REST framework tutorial"],
  ["94cc4c128826f62100abe3b8b3207d74da455c7e433aca3c1ff71bc27bb88a24", "published in Celery's Django example"],
  ["3e00771d8fcd77f72a9841cdc1b21cd69594ab790b4f2bb910e46c0ebe85ca94", "published in django-allauth's example project"],
  ["6b82ada6dbe6824cfd4629593e569dad4878c929548f39e1fef7beb28033d515", "published in Vercel's Django example"],
  ["66979fa5a32a3394e77698aced5954b553023e209345371b014272817a0c6fb0", "published in a popular Django blog video tutorial"],
  ["01695d915a3c5e6741e9a638730f129776ef3a9b7ecea0aad6742b795463e4ff", "published in graphene-django's cookbook example"],
  ["741a769b0f470ebc0d20d05e502bb40d125ea0cace0fc11f5cdd98d73932ae5b", "published in the book Django for Professionals"],
  ["f648393fe32f118d119d0f9b129249f836aa11d8c667d35f1ba66fd0c7ba2a72", "published in the book Django for Professionals"],
  ["e4af89776e643b351cf77d66d33bd3aac2ac3a8715686abb3eb7f76d41a38edf", "published in the book Django for Professionals"],
  ["a1c8b400516555427c4ee760e4941fc0659d7b289c4e24cecd51e04776306104", "published in the book Django for Professionals"],
  ["24a489c34657279ee4589a8bcd788e5459f6b34a03807e036643bf155a5c43ee", "published in the book Django for Beginners"],
  ["4660a15201589c9f91ecd13365be8449b4d05e04e5312dc26f3bc4f3593573b7", "published in the book Django for Beginners"],
  ["f02c8b2d2a2a45a3712c4659a182a73628c1d3af41e6111c9ee31a143c69231b", "published in the book Django for Beginners"],
  ["df4e06832719ccaa43f1488421455f2bae4756b63f1110e43c1792924bfc6966", "published in the book Django for Beginners"],
  ["efcb1937d4998c3379e17adcb72be168231649a63d887319bf56514d1cd444eb", "published in the book Django 4 By Example"],
  ["249ba488d66483bb26d793d566df6bc90854bdda9ad4008ef56352904169eeed", "published in Google Cloud's App Engine Django sample"],
  ["7caed64a1b09d39e8e5c4c14a14f8f05287b5aa1328b296516bbe8d524ec2ab8", "published in the django-project-skeleton template"],
  ["78da61b5f4aaf229306f38b212d7c32bd7d31793e43c59c82ea0b96c2d33f27d", "published in an early Django Girls website settings file"],
  ["1ce575e3a562cf61fdefba461c4882d5de0a858d4eb6986072fa7965fb4a8e51", "published in Paperless's default settings"],
  ["04eae10378b0a2d1c7c4cb7a5435b3b39d6064d992493456850da739cf87d66d", "published in Plane's self-hosting variables"],
  ["1a1a73d3d4e8a33a78b757f92f5361d6df2285aa9926de982e1d52a028a48326", "published in Open edX's dev/test settings"],
  ["d17c9a49ba436c4d9f742440d6df51e4e98fd108d8c9d7777c91e141fd41812e", "published in GeoNode's default settings"],
  ["221fa22f295b9f288321998828cdbc183449b2d29e3919e7ee6d3e36561d495d", "published in DefectDojo's docker-compose default"],
  ["5dcca5ebc8f51336af6c037d2018a08c6db2dd101decb62172ef951b2b874400", "published in Weblate's example settings"],
  ["b15ee765580f5a4fb267bcf89c7c5e99eb506ad54b6a62af90bf7af9e0d4fdbf", "published in AWX's default settings"],
  ["2f9e05d4358001367cbebb80c43931a7f32cb368269645cc7736cfa0c93af789", "published in Seahub's default settings"],
  ["c3751adc8d686f391140fb3e1706c700ae9e9780a444524d4f4553424df7bb17", "published in a Wagtail demo copied into many repositories"],
  // Not a public key: one made up for this project's own fixtures, so DJS015 is tested without shipping one.
  ["4d0ec3b78a9f91c4acb7a373d336435564a23471dfe9577e510fde0cb9c8bd2d", "made up for django-secret-scan's own tests"],
]);
