import { GraphQLError, Kind, type ASTVisitor, type SelectionSetNode, type ValidationContext, type FragmentDefinitionNode } from 'graphql';

export interface QueryLimits {
  /** Deepest field nesting allowed; the deepest real query here is about 5. */
  readonly maxDepth: number;
  /** Most field selections in one document, fragments expanded: a cost bound that aliases cannot dodge. */
  readonly maxFields: number;
  /**
   * Most lexical tokens in a document. Sandbox's full introspection query has 183, and
   * 300 aliased fields about 900. The cap also bounds nesting (two tokens per level)
   * below what graphql-js's recursive parser survives (it overflowed at 1,400 here).
   */
  readonly maxTokens: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = { maxDepth: 10, maxFields: 300, maxTokens: 1000 };

function measure(
  selectionSet: SelectionSetNode,
  fragmentNamed: (name: string) => FragmentDefinitionNode | undefined,
  depth: number,
  visiting: Set<string>,
  total: { fields: number; depth: number },
): void {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      total.fields += 1;
      total.depth = Math.max(total.depth, depth + 1);
      // Introspection (__schema, __type) has its own switch, off in production; Sandbox's
      // own introspection query nests 15 deep, so its subtree is not measured here.
      const introspection = selection.name.value === '__schema' || selection.name.value === '__type';
      if (selection.selectionSet && !introspection) measure(selection.selectionSet, fragmentNamed, depth + 1, visiting, total);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      measure(selection.selectionSet, fragmentNamed, depth, visiting, total);
    } else {
      const fragment = fragmentNamed(selection.name.value);
      // A fragment cycle is reported by graphql-js's own NoFragmentCycles rule.
      if (!fragment || visiting.has(fragment.name.value)) continue;
      visiting.add(fragment.name.value);
      measure(fragment.selectionSet, fragmentNamed, depth, visiting, total);
      visiting.delete(fragment.name.value);
    }
    if (total.fields > 10_000) return; // far past any limit: stop counting
  }
}

/** A validation rule: each operation's depth and expanded field count stay within the limits. */
export function queryLimitsRule(limits: QueryLimits) {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(operation) {
      const total = { fields: 0, depth: 0 };
      measure(operation.selectionSet, (name) => context.getFragment(name) ?? undefined, 0, new Set(), total);
      if (total.depth > limits.maxDepth) {
        context.reportError(new GraphQLError(`Query is nested ${total.depth} deep; the limit is ${limits.maxDepth}.`, { nodes: operation }));
      }
      if (total.fields > limits.maxFields) {
        context.reportError(new GraphQLError(`Query selects more than ${limits.maxFields} fields; split it up.`, { nodes: operation }));
      }
    },
  });
}
