// Accessibility checks in the browser with axe-core (its Playwright wrapper needs Node 22): the
// engine is evaluated in the page (page.evaluate is not held by the page's CSP, a script tag would be)
// and run there; serious and critical findings fail the test.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';

let axeSource: string | undefined;

type Violation = { id: string; impact?: string | null; help: string; nodes: { target: string[] }[] };

/** Runs axe over the whole page (WCAG 2.x A/AA and best practices) and expects no serious or critical violation. */
export async function expectNoSeriousA11yViolations(page: Page, state: string) {
  axeSource ??= readFileSync(path.join(process.cwd(), 'node_modules/axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Violation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const summary = serious.map(
    (v) =>
      `${v.impact} ${v.id}: ${v.help} at ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 5)
        .join(', ')}`,
  );
  expect(summary, `axe on ${state}`).toEqual([]);
}
