export {};
/** `npm run bench`: every benchmark, one after the other, printing numbers and the machine. */
const benches = [
  './store.bench.ts',
  './csv.bench.ts',
  './ui.bench.ts',
  './password.bench.ts',
  './bulk-create.bench.ts',
  './bulk-create-ui.bench.ts',
  './dns.bench.ts',
  './import.bench.ts',
];
for (const bench of benches) {
  console.log(`\n# ${bench}`);
  await import(bench);
}
