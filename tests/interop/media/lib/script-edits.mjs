// How the hot-reload tests rewrite the echo scripts: each good edit changes the data-channel reply prefix
// ("[echojs] " -> "[echojs v4] "), each broken edit adds a line that does not parse to the last good text.

// Edits 1..10; the 3rd and the 7th do not parse (the issue: "rewritten 10 times, twice with a syntax error").
export const editPlan = Array.from({ length: 10 }, (_, i) => ({ n: i + 1, broken: i + 1 === 3 || i + 1 === 7 }));

function script(tag, path, garbage) {
  const original = `[${tag}] `;
  const prefix = (version) => (version === null ? original : `[${tag} v${version}] `);
  return {
    path,
    prefix,
    version(text, n) {
      if (!text.includes(original)) throw new Error(`${path.join('/')} has no "${original}" to rewrite`);
      return text.replace(original, prefix(n));
    },
    // The garbage goes on the line after the reply prefix; the loader must report that line.
    broken(text) {
      const lines = text.split('\n');
      const at = lines.findIndex((l) => l.includes(`[${tag}`)) + 1;
      lines.splice(at, 0, garbage);
      return { text: lines.join('\n'), line: at + 1 };
    },
  };
}

export const echoScripts = {
  'janus.plugin.echojs': script('echojs', ['js', 'echotest.js'], '  var = ;'),
  'janus.plugin.echolua': script('echolua', ['lua', 'echotest.lua'], '  local = 1'),
  'janus.plugin.echocsx': script('echocsx', ['csx', 'echotest.csx'], '    int = ;'),
};
