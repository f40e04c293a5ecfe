/** Things to undo, undone in reverse order; a failing step does not stop the others. */
export class Teardown {
  private readonly steps: { name: string; undo: () => unknown }[] = [];

  add(name: string, undo: () => unknown): void {
    this.steps.push({ name, undo });
  }

  async run(): Promise<void> {
    const failures: string[] = [];
    for (const { name, undo } of this.steps.splice(0).reverse()) {
      try {
        await undo();
      } catch (error) {
        failures.push(`${name}: ${(error as Error).message}`);
      }
    }
    if (failures.length > 0) throw new Error(`Stopping the local pipeline failed: ${failures.join('; ')}`);
  }
}
