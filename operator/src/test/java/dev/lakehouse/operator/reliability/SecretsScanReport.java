package dev.lakehouse.operator.reliability;

import java.util.List;

/** The markdown report of a secrets scan: what was searched, for what, and what was found. */
record SecretsScanReport(
    List<Credential> credentials,
    int formsPerCredential,
    CredentialScan scan,
    int uploads,
    int unreadableBodies) {
  static final String REQUESTS = "request bodies and paths the operator sent";
  static final String EVENTS = "Events";
  static final String OBJECTS = "objects in the namespace, status included (Secrets without data)";
  static final String LOGS = "log lines (JSON layout; operator loggers at TRACE)";

  String markdown() {
    StringBuilder md = new StringBuilder("## Secrets scan\n\n");
    md.append(
            "The real operator ran a Lakehouse with generated credentials, one on user-supplied S3"
                + " and database Secrets and one refused for a Secret without its key; three Datasets"
                + " (one dropped by a Job); an IngestionRun that succeeded after checkpoints and one"
                + " with executors that failed on bad data; three Queries, one uploading its result"
                + " with the Lakehouse's S3 credentials (")
        .append(uploads)
        .append(" upload) and one refused by S3.\n\n")
        .append(credentials.size())
        .append(
            " credential values, read from every Secret in the namespace, were each searched in"
                + " every distinct form of: plain, URL-encoded, base64 and base64url at each of three"
                + " byte alignments (")
        .append(formsPerCredential)
        .append(" forms at most).\n\n");
    md.append("| searched | count |\n|---|---|\n");
    for (String kind : List.of(REQUESTS, EVENTS, OBJECTS, LOGS)) {
      md.append("| ").append(kind).append(" | ").append(scan.scanned(kind)).append(" |\n");
    }
    md.append("| request bodies that could not be read | ").append(unreadableBodies).append(" |\n");
    md.append("\nCredentials (never their values): ")
        .append(String.join(", ", credentials.stream().map(Credential::source).toList()))
        .append(".\n\n");
    List<CredentialScan.Finding> findings = scan.findings();
    if (findings.isEmpty()) {
      md.append("**Findings: none.** No credential outside a Secret's data.\n");
      return md.toString();
    }
    md.append("**Findings: ")
        .append(findings.size())
        .append("**\n\n| in | where | credential | form |\n|---|---|---|---|\n");
    for (CredentialScan.Finding f : findings) {
      md.append("| ")
          .append(f.kind())
          .append(" | ")
          .append(f.where())
          .append(" | ")
          .append(f.credential())
          .append(" | ")
          .append(f.form())
          .append(" |\n");
    }
    return md.toString();
  }
}
