import { GraphQLError, Kind, type ASTVisitor, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext } from 'graphql';

/** Root fields of a selection, through inline fragments and spreads; `__typename` writes nothing and is not counted. */
function rootFieldCount(selectionSet: SelectionSetNode, fragmentNamed: (name: string) => FragmentDefinitionNode | undefined, visiting: Set<string>): number {
  let count = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value !== '__typename') count += 1;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      count += rootFieldCount(selection.selectionSet, fragmentNamed, visiting);
    } else {
      const fragment = fragmentNamed(selection.name.value);
      // A fragment cycle is reported by graphql-js's own NoFragmentCycles rule.
      if (!fragment || visiting.has(fragment.name.value)) continue;
      visiting.add(fragment.name.value);
      count += rootFieldCount(fragment.selectionSet, fragmentNamed, visiting);
      visiting.delete(fragment.name.value);
    }
  }
  return count;
}

/**
 * One write per request: a mutation operation may carry one root field. The rate limit
 * counts requests before the body is read, so `a: upsertCustomer … b: upsertCustomer …`
 * would otherwise be N writes for one count (55 of them were seen in one request).
 * Refusing is preferred to counting each field: it needs no second, post-parse
 * counter, it keeps a refused request free of half-done writes, and an Idempotency-Key
 * then always stands for exactly one upsert, as on REST. Directives are not evaluated:
 * a second field under `@skip` is refused too.
 */
export function singleMutationFieldRule(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(operation) {
      if (operation.operation !== 'mutation') return;
      const count = rootFieldCount(operation.selectionSet, (name) => context.getFragment(name) ?? undefined, new Set());
      if (count > 1) {
        context.reportError(
          new GraphQLError(`A mutation may carry one field; this one carries ${count}. Send one request per upsert.`, { nodes: operation }),
        );
      }
    },
  };
}
