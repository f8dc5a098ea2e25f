package xyz.pura.router;

/**
 * What the complexity scorer saw in the whole conversation. Marker counts come from user, system and
 * developer messages (assistant and tool text only adds length and code blocks). What each feature adds to the
 * score is {@code internal.ComplexityPoints}.
 *
 * @param estimatedTokens characters / 4, rounded up (a fast estimate; billing uses the real tokenizer)
 * @param codeBlocks fenced code blocks (``` pairs) in any message
 * @param strongReasoning markers such as "step by step", "prove", "root cause", "trade-offs"
 * @param reasoning markers such as "analyze", "debug", "optimize", "architecture", "evaluate"
 * @param math markers such as "integral", "theorem", "probability", and symbols such as ∫ ∑ ≤
 * @param codeTerms programming words such as "function", "sql", "refactor", "python"
 * @param compose requests for long-form writing: "email", "essay", "blog post", "cover letter"
 * @param explain "explain", "describe", "compare", "how does"
 * @param simple markers of small tasks: "hello", "translate", "summarize", "synonym", "yes or no"
 * @param messages number of messages
 * @param systemChars characters of system and developer messages
 * @param tools whether the request declares tools
 * @param maxOutputTokens max_completion_tokens / max_tokens, 0 when absent
 * @param images image content parts
 */
public record ComplexityFeatures(int estimatedTokens, int codeBlocks, int strongReasoning, int reasoning, int math,
                                 int codeTerms, int compose, int explain, int simple, int messages, int systemChars,
                                 boolean tools, int maxOutputTokens, int images) {
}
