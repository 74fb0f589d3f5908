import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules', 'data', 'models', 'coverage', 'corpus'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Only entry points may read the environment; everything else receives Config.
    files: ['src/**/*.ts'],
    ignores: ['src/config.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read config via loadConfig(env) at the entry point.' }],
    },
  },
  {
    // The pure core must stay free of I/O, network, Slack and native modules.
    files: ['src/corpus/**/*.ts', 'src/knowledge/**/*.ts', 'src/qa/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['node:fs*', 'fs', 'fs/*', 'node:net', 'net', 'node:http*', 'http', 'https', 'node:child_process', 'node:worker_threads', '@slack/*', 'openai', 'hnswlib-node', '@node-rs/*', '@xenova/*', 'onnxruntime-*', 'sharp'] }],
    },
  },
);
