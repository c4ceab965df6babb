// The monorepo's pre-commit hook runs `eslint --fix` on staged files and aborts the commit when what is left does
// not pass (a removed type assertion can leave an unused import behind). This runs the project's ESLint with fixes
// on the destination folder, without writing, and fails when a fix would change a file or an error remains: the
// folder must already be what the hook would make of it. The rules that matter there run here too (eslint.config.js:
// type-aware no-unnecessary-type-assertion, no unused variables, no assertions to actions-core's result types, whose
// shape differs between actions-core versions).
const path = require('path')
const { ESLint } = require('eslint')

async function main() {
  const folder = process.argv[2]
  const eslint = new ESLint({ cwd: path.resolve(__dirname, '../..'), fix: true })
  const results = await eslint.lintFiles([`${folder}/**/*.ts`])
  const problems = []
  for (const result of results) {
    const file = path.relative(process.cwd(), result.filePath)
    if (result.output !== undefined) problems.push(`${file}: eslint --fix would change it`)
    for (const message of result.messages) {
      if (message.severity === 2) problems.push(`${file}:${message.line}: ${message.message} (${message.ruleId})`)
    }
  }
  if (problems.length > 0) {
    console.error(`The monorepo's pre-commit eslint --fix would not leave the folder as it is:\n${problems.join('\n')}`)
    process.exit(1)
  }
  console.log(`${folder}: eslint --fix changes nothing and leaves no error (${results.length} files).`)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
