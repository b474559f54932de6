/** Python's exceptions as the runtime raises them: the run's error reads `TypeError: …`, as Python prints it. */
export class PyError extends Error {
  constructor(type: string, message: string) {
    super(message);
    this.name = type;
  }
}
