/**
 * Reads one JavaScript literal (what a minifier writes for JSON data: unquoted keys, `!0`/`!1`,
 * `.5`, `1e-3`) out of a source text, without evaluating anything. The nsfwjs model bundles are
 * browserify modules whose body is `module.exports = <literal>`; parsing the literal means no code
 * from a package file ever runs in the engine's process.
 *
 * Anything that is not plain data (a call, an identifier used as a value, a template string) is
 * refused with its position.
 */
export type JsLiteral = null | boolean | number | string | JsLiteral[] | { [key: string]: JsLiteral };

export class JsLiteralError extends Error {
  constructor(message: string, readonly position: number) {
    super(`${message} at offset ${position}`);
    this.name = 'JsLiteralError';
  }
}

const IDENTIFIER = /[A-Za-z_$][\w$]*/y;
const NUMBER = /(?:0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/y;
const WHITESPACE = /[ \t\r\n]*/y;
/** Nesting deeper than this is not data a model file needs; refusing it keeps the stack safe. */
const MAX_DEPTH = 256;

/** Parses the literal that starts at `start`; returns it and the offset just after it. */
export function parseJsLiteral(source: string, start = 0): { value: JsLiteral; end: number } {
  const parser = new LiteralParser(source, start);
  const value = parser.value(0);
  return { value, end: parser.position };
}

class LiteralParser {
  constructor(
    private readonly source: string,
    public position: number,
  ) {}

  value(depth: number): JsLiteral {
    if (depth > MAX_DEPTH) throw new JsLiteralError('literal nested too deeply', this.position);
    this.skipWhitespace();
    const char = this.source[this.position];
    switch (char) {
      case '{':
        return this.object(depth);
      case '[':
        return this.array(depth);
      case '"':
      case "'":
        return this.string();
      case '!': {
        // Minifiers write true as !0 and false as !1.
        const next = this.source.slice(this.position, this.position + 2);
        if (next === '!0' || next === '!1') {
          this.position += 2;
          return next === '!0';
        }
        throw new JsLiteralError(`unexpected '${next}'`, this.position);
      }
      case '-':
        this.position += 1;
        return -this.number();
      default: {
        if (char !== undefined && /[\d.]/.test(char)) return this.number();
        const word = this.identifier();
        if (word === 'null') return null;
        if (word === 'true') return true;
        if (word === 'false') return false;
        throw new JsLiteralError(`'${word ?? char ?? 'end of text'}' is not a data literal`, this.position);
      }
    }
  }

  private object(depth: number): { [key: string]: JsLiteral } {
    const result: { [key: string]: JsLiteral } = {};
    this.position += 1;
    for (;;) {
      this.skipWhitespace();
      if (this.source[this.position] === '}') {
        this.position += 1;
        return result;
      }
      const key = this.key();
      this.skipWhitespace();
      this.expect(':');
      const value = this.value(depth + 1);
      // defineProperty, not assignment: a key named __proto__ stays plain data.
      Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
      this.skipWhitespace();
      if (this.source[this.position] === ',') this.position += 1;
      else if (this.source[this.position] !== '}') throw new JsLiteralError("expected ',' or '}'", this.position);
    }
  }

  private array(depth: number): JsLiteral[] {
    const result: JsLiteral[] = [];
    this.position += 1;
    for (;;) {
      this.skipWhitespace();
      if (this.source[this.position] === ']') {
        this.position += 1;
        return result;
      }
      result.push(this.value(depth + 1));
      this.skipWhitespace();
      if (this.source[this.position] === ',') this.position += 1;
      else if (this.source[this.position] !== ']') throw new JsLiteralError("expected ',' or ']'", this.position);
    }
  }

  private key(): string {
    const char = this.source[this.position];
    if (char === '"' || char === "'") return this.string();
    if (char !== undefined && /\d/.test(char)) return String(this.number());
    const word = this.identifier();
    if (word === null) throw new JsLiteralError('expected a property name', this.position);
    return word;
  }

  private string(): string {
    const quote = this.source[this.position]!;
    let index = this.position + 1;
    let result = '';
    let chunkStart = index;
    for (;;) {
      const char = this.source[index];
      if (char === undefined || char === '\n') throw new JsLiteralError('unterminated string', this.position);
      if (char === quote) {
        result += this.source.slice(chunkStart, index);
        this.position = index + 1;
        return result;
      }
      if (char === '\\') {
        result += this.source.slice(chunkStart, index);
        const [decoded, length] = this.escape(index);
        result += decoded;
        index += length;
        chunkStart = index;
        continue;
      }
      index += 1;
    }
  }

  /** The character an escape sequence at `index` stands for, and the sequence's length. */
  private escape(index: number): [string, number] {
    const char = this.source[index + 1];
    const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v', 0: '\0', '"': '"', "'": "'", '\\': '\\', '/': '/' };
    if (char !== undefined && char in simple && !(char === '0' && /\d/.test(this.source[index + 2] ?? ''))) return [simple[char]!, 2];
    if (char === 'x' || char === 'u') {
      const digits = char === 'x' ? 2 : 4;
      const hex = this.source.slice(index + 2, index + 2 + digits);
      if (new RegExp(`^[0-9a-fA-F]{${digits}}$`).test(hex)) return [String.fromCharCode(Number.parseInt(hex, 16)), 2 + digits];
    }
    throw new JsLiteralError(`unsupported escape '\\${char ?? ''}'`, index);
  }

  private number(): number {
    NUMBER.lastIndex = this.position;
    const match = NUMBER.exec(this.source);
    if (!match) throw new JsLiteralError('expected a number', this.position);
    this.position += match[0].length;
    // 1/0 is how minifiers write Infinity.
    if (this.source[this.position] === '/' && this.source[this.position + 1] === '0' && match[0] === '1') {
      this.position += 2;
      return Number.POSITIVE_INFINITY;
    }
    return Number(match[0]);
  }

  private identifier(): string | null {
    IDENTIFIER.lastIndex = this.position;
    const match = IDENTIFIER.exec(this.source);
    if (!match) return null;
    this.position += match[0].length;
    return match[0];
  }

  private expect(char: string): void {
    if (this.source[this.position] !== char) throw new JsLiteralError(`expected '${char}'`, this.position);
    this.position += 1;
  }

  private skipWhitespace(): void {
    WHITESPACE.lastIndex = this.position;
    WHITESPACE.exec(this.source);
    this.position = WHITESPACE.lastIndex;
  }
}
