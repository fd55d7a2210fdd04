// ESLint: Next's rules (core web vitals and TypeScript, which bring react-hooks), jsx-a11y's
// recommended set on top of the few Next enables, and eslint-config-prettier last so that layout
// is Prettier's alone.
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import prettier from 'eslint-config-prettier/flat';

const config = [
  ...nextVitals,
  ...nextTypescript,
  // Rules only: Next's config already registers the jsx-a11y plugin.
  {
    name: 'jsx-a11y/recommended',
    files: ['**/*.{jsx,tsx}'],
    rules: {
      ...jsxA11y.flatConfigs.recommended.rules,
      // A table that scrolls sideways is a focusable region so the keyboard can scroll it (axe's
      // scrollable-region-focusable); the rule's default list lacks `region`.
      'jsx-a11y/no-noninteractive-tabindex': ['error', { tags: [], roles: ['tabpanel', 'region'], allowExpressionValues: true }],
    },
  },
  {
    // Node scripts and Playwright fixtures, not React: a function named `use` there is not React's.
    name: 'not-react',
    files: ['scripts/**', 'bench/**', 'e2e/**'],
    rules: { 'react-hooks/rules-of-hooks': 'off' },
  },
  prettier,
  { ignores: ['.azurite*/**', 'test-results/**', 'playwright-report/**', 'bench/data/**', 'bench/results/**'] },
];

export default config;
