// SCAFFOLD: the CLI work replaces this.
export async function main(_argv: readonly string[]): Promise<number> {
  return 0;
}
if (require.main === module) {
  void main(process.argv.slice(2)).then(code => { process.exitCode = code; });
}
