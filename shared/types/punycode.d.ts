// punycode.js ships no types; import the file path so bundlers never pick Node's deprecated built-in.
declare module 'punycode/punycode.js' {
  const punycode: { toASCII(input: string): string; toUnicode(input: string): string };
  export default punycode;
}
