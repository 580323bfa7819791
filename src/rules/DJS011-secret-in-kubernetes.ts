import { contextOf, keyInFileRule } from "./committed-value.ts";

export const rule = keyInFileRule({
  id: "DJS011",
  name: "secret-key-in-kubernetes-manifest",
  defaultSeverity: "error",
  cwe: [798, 312],
  contexts: ["kubernetes-secret", "kubernetes-configmap", "kubernetes-env"],
  docs: {
    summary: "A Kubernetes or Helm manifest commits SECRET_KEY (Secret stringData or base64 data, ConfigMap, container env).",
    whatItDoes:
      "Finds SECRET_KEY / DJANGO_SECRET_KEY in kind: Secret stringData and data (base64 is decoded, then judged), kind: ConfigMap data, and container env entries with a literal value. valueFrom.secretKeyRef, Helm templates ({{ .Values.x }}) and ${VAR} are clean.",
    whyIsThisBad:
      "base64 is an encoding, not encryption: a Secret manifest in the repository is the key in clear text. A ConfigMap is not meant for secrets at all and is readable by far more of the cluster.",
    example: "kind: Secret\nstringData:\n  DJANGO_SECRET_KEY: kP3x...",
    useInstead: "env:\n  - name: DJANGO_SECRET_KEY\n    valueFrom:\n      secretKeyRef: {name: django, key: secret-key}",
    references: ["https://kubernetes.io/docs/concepts/configuration/secret/", "https://github.com/bitnami-labs/sealed-secrets"],
  },
  policy: ({ role }, b) => {
    const shipped = role !== "test" && role !== "example";
    if (contextOf(b) === "kubernetes-configmap") return { real: shipped ? "error" : "warning", weak: shipped ? "error" : "notice", placeholder: undefined };
    return { real: shipped ? "error" : "warning", weak: shipped ? "warning" : undefined, placeholder: undefined };
  },
  remark: (b) => (b.encoding === "base64" ? "The value was base64-encoded in the manifest, which hides nothing." : undefined),
});
