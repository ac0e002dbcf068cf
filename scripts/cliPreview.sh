#!/usr/bin/env bash
# Previews every stack and every config example of the docs with the real Pulumi CLI, its Node.js
# language host, the policy analyzer running the pack, and the AWS provider's own input checks,
# without a cloud account: a local backend, a dummy passphrase and dummy AWS credentials, and the
# provider told not to call AWS to check them. Run by the pull-request workflow (see
# docs/ci-cd.md); it needs the Pulumi CLI on PATH and `npm ci` done.
#
# A preview with no cloud plans creates; it cannot read what exists. The program calls no data
# source that needs AWS: aws.getPartition (only with manageCloudWatchRole) is answered by the
# provider from its region.
#
# GUARD is the policy pack that judges (default: this checkout's policy/); the pull-request
# workflow gives the base branch's, so that a pull request cannot weaken the pack that judges it.
# The shipped stacks' policy configs come from the guard too; a docs example's, from its doc.
set -euo pipefail
cd "$(dirname "$0")/.."
guard="${GUARD:-policy}"

state="$(mktemp -d)"
export PULUMI_BACKEND_URL="file://$state"
export PULUMI_CONFIG_PASSPHRASE="preview-without-a-cloud"
export AWS_ACCESS_KEY_ID="AKIAPREVIEWONLY00000"
export AWS_SECRET_ACCESS_KEY="preview-without-a-cloud"
export AWS_REGION="${AWS_REGION:-eu-west-1}"

node -r esbuild-register offline/docExamples.ts --write >/dev/null

failed=0
for file in Pulumi.*.yaml; do
    stack="${file#Pulumi.}"
    stack="${stack%.yaml}"
    policy_config=()
    if [[ "$stack" == example-* && -f "policy/$stack.json" ]]; then
        policy_config=(--policy-pack-config "policy/$stack.json")
    elif [ -f "$guard/$stack.json" ]; then
        policy_config=(--policy-pack-config "$guard/$stack.json")
    fi
    echo "::group::pulumi preview --stack $stack"
    pulumi stack init "$stack" --non-interactive >/dev/null
    for key in skipCredentialsValidation skipRequestingAccountId skipMetadataApiCheck skipRegionValidation; do
        pulumi config set --stack "$stack" "aws:$key" true
    done
    if ! pulumi preview --stack "$stack" --non-interactive --policy-pack "$guard" "${policy_config[@]}"; then
        echo "::error title=pulumi preview failed::$stack ($(head -n 1 "$file"))"
        failed=1
    fi
    echo "::endgroup::"
done
exit "$failed"
