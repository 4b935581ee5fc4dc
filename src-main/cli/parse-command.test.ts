import { describe, expect, it } from 'vitest';
import { runCli } from '../../test-support/run-cli.js';

describe('every culler command parses its arguments the same way', () => {
  it.each(['rate', 'group', 'mark', 'export', 'serve', 'learn', 'clients', 'models'])('%s: --help prints its usage (exit 0), an unknown option is one line (exit 2)', async (command) => {
    const help = await runCli([command, '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/usage/i);
    const wrong = await runCli([command, '--no-such-option']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/^culler[^\n]*: Unknown option '--no-such-option'/);
    expect(wrong.stdout).toBe('');
  });

  it('serve refuses folders on its command line instead of ignoring them', async () => {
    const run = await runCli(['serve', '/some/shoot']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("serve takes no files or folders ('/some/shoot')");
  });
});
