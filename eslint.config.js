// @ts-check
const js = require('@eslint/js')
const tseslint = require('typescript-eslint')

module.exports = tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'coverage/**', 'test-output/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        __dirname: 'readonly',
        console: 'readonly'
      }
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off'
    }
  },
  {
    // The destination folder is linted in Segment's monorepo with type information; its rule that flags needless
    // type assertions runs here too, so the folder arrives clean.
    files: ['src/destinations/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: __dirname } },
    rules: {
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: "No process.env in the destination folder: Segment's runtime has no per-destination environment."
        },
        {
          // actions-core 3.177 types some test helpers' results where 3.170 did not; an assertion there is removed by
          // the monorepo's pre-commit eslint --fix and leaves an unused import behind. Narrow instead.
          selector:
            'TSAsExpression > TSTypeReference > Identifier[name=/^(DynamicFieldResponse|DynamicFieldItem|DecoratedResponse|ModifiedResponse)$/]',
          message: "Narrow actions-core's results (Array.isArray, typeof) instead of asserting their type."
        }
      ],
      // The monorepo forbids createHash in destinations (PII is hashed through actions-shared), whichever way it is named.
      'no-restricted-imports': [
        'error',
        ...['crypto', 'node:crypto'].map((name) => ({
          name,
          importNames: ['createHash'],
          message:
            "Segment's monorepo forbids createHash in destinations: hash PII with actions-shared's processHashing."
        }))
      ]
    }
  },
  {
    // The mapping tester page: plain ES modules that run in the browser.
    files: ['src/server/public/**/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: Object.fromEntries(
        [
          'window',
          'document',
          'fetch',
          'console',
          'setTimeout',
          'clearTimeout',
          'URL',
          'URLSearchParams',
          'CSS',
          'Node',
          'HTMLElement',
          'HTMLInputElement',
          'HTMLSelectElement',
          'HTMLTextAreaElement',
          'HTMLButtonElement',
          'HTMLElementTagNameMap',
          'KeyboardEvent'
        ].map((name) => [name, 'readonly'])
      )
    },
    rules: { 'no-undef': 'error' }
  }
)
