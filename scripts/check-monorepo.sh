#!/usr/bin/env bash
# The destination folder alone, against the rules of Segment's action-destinations monorepo: declared imports only and no
# process.env (folder-rules.js), what its pre-commit eslint --fix would do (lint-fixpoint.js), no field required that
# the live destination leaves optional (__tests__/live-destination.test.ts, run below), and its tool versions: TypeScript 5.5.4
# with its compiler options (lib es2020, noUnusedLocals, noUnusedParameters), Prettier 2.4.1 with its settings, and the
# folder's own tests under jest 27 with nock 13. Those versions live in tools/monorepo-check with their own lock file,
# so their bins never shadow this project's TypeScript 5.9, Prettier 3 and jest 29.
set -euo pipefail
cd "$(dirname "$0")/.."
tools=tools/monorepo-check
folder=src/destinations/twilio-messaging

# Install (again) only when the tools' lock file changed since the last install.
if ! cmp -s "$tools/package-lock.json" "$tools/node_modules/.installed-from-lock" 2>/dev/null; then
  npm ci --prefix "$tools" --no-audit --no-fund --loglevel=error
  cp "$tools/package-lock.json" "$tools/node_modules/.installed-from-lock"
fi

prettier=("$tools/node_modules/.bin/prettier" --config .prettierrc.json --ignore-path "$tools/.prettierignore")
# `--format`: only format the folder as the monorepo's pre-commit hook would (npm run format calls this).
if [ "${1:-}" = "--format" ]; then
  "${prettier[@]}" --write "$folder/**/*.ts"
  exit 0
fi

node "$tools/folder-rules.js" "$folder"

echo "monorepo check: the pre-commit hook's eslint --fix on $folder"
node "$tools/lint-fixpoint.js" "$folder"

echo "monorepo check: TypeScript $("$tools/node_modules/.bin/tsc" -v | sed 's/Version //') on $folder"
"$tools/node_modules/.bin/tsc" -p "$tools/tsconfig.json"

echo "monorepo check: Prettier $("$tools/node_modules/.bin/prettier" -v) on $folder"
"${prettier[@]}" --check "$folder/**/*.ts"

echo "monorepo check: jest $("$tools/node_modules/.bin/jest" --version) with nock 13 on $folder/**/__tests__"
"$tools/node_modules/.bin/jest" -c "$tools/jest.config.js" --silent
