// Jest transformer for the monorepo check: TypeScript 5.5.4's transpileModule, file by file, which is what ts-jest
// does with `isolatedModules: true` in Segment's monorepo (ts-jest 27 itself cannot be installed beside this
// project's jest 29: its peer dependency on jest 27 conflicts).
const ts = require('typescript')
const { compilerOptions } = require('./tsconfig.json')

module.exports = {
  process(source, filename) {
    const { outputText, sourceMapText } = ts.transpileModule(source, {
      fileName: filename,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2020,
        esModuleInterop: compilerOptions.esModuleInterop,
        resolveJsonModule: compilerOptions.resolveJsonModule,
        experimentalDecorators: compilerOptions.experimentalDecorators,
        sourceMap: true,
        inlineSources: true
      }
    })
    return { code: outputText, map: sourceMapText }
  }
}
