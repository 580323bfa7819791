import { contextOf, keyInFileRule } from "./committed-value.ts";

export const rule = keyInFileRule({
  id: "DJS010",
  name: "secret-key-in-docker-image",
  defaultSeverity: "error",
  cwe: [798, 538],
  contexts: ["dockerfile", "build-dummy"],
  docs: {
    summary: "A Dockerfile bakes SECRET_KEY into the image (ENV, ARG default, or a real key in a RUN command).",
    whatItDoes:
      "Finds SECRET_KEY / DJANGO_SECRET_KEY in ENV instructions and ARG defaults, and real-looking keys given to RUN commands. A placeholder given to one RUN command (RUN SECRET_KEY=dummy python manage.py collectstatic) is the documented build-time pattern and is not reported.",
    whyIsThisBad:
      "ENV values and ARG defaults are stored in the image configuration, and RUN commands in its history: everyone who can pull the image can read them with docker inspect / docker history, long after the Dockerfile changed.",
    example: "ENV DJANGO_SECRET_KEY=django-insecure-...",
    useInstead: "RUN DJANGO_SECRET_KEY=build-only-dummy python manage.py collectstatic --noinput\n# and at run time: docker run -e DJANGO_SECRET_KEY ...",
    references: ["https://docs.docker.com/reference/dockerfile/#env", "https://docs.docker.com/build/building/secrets/"],
  },
  policy: ({ role }, b) => {
    const shipped = role !== "test" && role !== "example";
    if (contextOf(b) === "build-dummy") return { real: shipped ? "error" : "warning", weak: undefined, placeholder: undefined };
    return { real: shipped ? "error" : "warning", weak: shipped ? "warning" : "notice", placeholder: shipped ? "notice" : undefined };
  },
});
