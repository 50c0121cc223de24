/**
 * The errors of one GraphQL operation that a REST door ran, handed as they are to the
 * one classifier (classify.ts), which reads them as one answer. The door adds nothing
 * but April's names for the fields.
 */
export class OperationErrors extends Error {
  constructor(
    readonly errors: readonly Error[],
    /** A GraphQL field path (`consumer.emailAddress`) in the door's terms. */
    readonly fieldName: (field: string) => string,
  ) {
    super('The operation answered with errors.');
    this.name = 'OperationErrors';
  }
}
