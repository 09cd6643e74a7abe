import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', '**/dist/', 'test-output/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  {
    // Redis scripts run one way: declared once by name and run through src/redis-script.ts.
    files: ['src/**/*.ts', 'workflows/**/*.ts'],
    ignores: ['src/redis-script.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...['eval', 'evalsha', 'evalRo', 'evalshaRo', 'defineCommand'].map((property) => ({
          property,
          message: 'Declare the script with defineRedisScript and run it with runRedisScript (src/redis-script.ts).',
        })),
      ],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
  {
    files: ['bin/**', 'scripts/**', 'bench/**', 'src/cli/**'],
    rules: { 'no-console': 'off' },
  },
);
