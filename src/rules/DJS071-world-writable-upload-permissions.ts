import type { SettingsRule, SettingsVerdict } from "../engine/types.ts";
import { at, isDeployedRole, origin } from "./settings-values.ts";

const SETTINGS = [
  { name: "FILE_UPLOAD_PERMISSIONS", what: "uploaded files", safe: "0o644" },
  { name: "FILE_UPLOAD_DIRECTORY_PERMISSIONS", what: "directories made for uploads", safe: "0o755" },
] as const;

/** The "others may write" bit of a Unix mode (0o002). */
const WORLD_WRITABLE = 0o002;

export const rule: SettingsRule = {
  id: "DJS071",
  name: "world-writable-upload-permissions",
  defaultSeverity: "notice",
  cwe: [732],
  docs: {
    summary: "Uploaded files or their directories are made world-writable (0o666, 0o777): any user or process on the host can change them.",
    whatItDoes:
      "Finds FILE_UPLOAD_PERMISSIONS or FILE_UPLOAD_DIRECTORY_PERMISSIONS set to a mode that lets others write (the 0o002 bit: 0o666, 0o777, 0o776...) in deployed settings, as a notice.",
    whyIsThisBad:
      "Django stores uploads with these modes (default 0o644 for files since 3.0, the process umask for directories). With the others-write bit, every account and service on the server, or a shared volume, can replace what the site serves back to its users, or plant files next to them.",
    example: "FILE_UPLOAD_PERMISSIONS = 0o777",
    useInstead: "FILE_UPLOAD_PERMISSIONS = 0o644\nFILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o755",
    references: [
      "https://docs.djangoproject.com/en/stable/ref/settings/#file-upload-permissions",
      "https://docs.djangoproject.com/en/stable/ref/settings/#file-upload-directory-permissions",
    ],
  },
  judgeSettings(s) {
    if (!isDeployedRole(s.module.role)) return [];
    const out: SettingsVerdict[] = [];
    for (const { name, what, safe } of SETTINGS) {
      const setting = s.get(name);
      const v = setting?.binding.value;
      if (!setting || v?.kind !== "number" || !Number.isInteger(v.value) || (v.value & WORLD_WRITABLE) === 0) continue;
      out.push(at(setting, "notice", `${name} is 0o${v.value.toString(8)}${origin(s, setting)}: ${what} are writable by every user and process on the host. Use ${safe} or tighter.`));
    }
    return out;
  },
};
