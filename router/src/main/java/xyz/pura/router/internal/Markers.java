package xyz.pura.router.internal;

import java.util.ArrayList;
import java.util.List;

/** The marker phrases of the complexity scorer (lowercase; {@code *} = prefix). ROUTING.md lists their points. */
final class Markers {
    private Markers() {
    }

    private static final String[] STRONG = {
        "step by step", "step-by-step", "each step", "prove", "proof", "derive", "derivation", "root cause",
        "trade-off*", "tradeoff*", "trade off*", "rigorous*", "race condition*", "deadlock*", "threat model*",
        "think carefully", "reason through", "formally", "from first principles",
    };
    private static final String[] REASONING = {
        "analy*", "debug*", "evaluat*", "critique", "optimi*", "architect*", "design a", "design the",
        "pros and cons", "why does", "why is", "explain why", "implications", "strateg*", "edge case*",
        "complexity", "consider", "justif*", "compare", "in depth", "in-depth", "comprehensive", "review", "assess*",
        "investigate", "diagnose", "failure mode*", "scalab*", "concurren*", "security", "vulnerab*",
        "reconcil*", "migrat*", "consistency", "exactly-once", "invariant*", "correctness",
    };
    private static final String[] MATH = {
        "integral*", "derivative*", "equation*", "theorem*", "lemma*", "matrix", "matrices", "eigen*",
        "probabilit*", "posterior", "prime", "primes", "polynomial*", "inequalit*", "induction", "modulo",
        "infinitely", "converge*", "bayes*", "asymptotic*", "differential", "combinatori*", "topolog*",
    };
    private static final String[] CODE = {
        "function*", "python", "javascript", "typescript", "java", "sql", "query", "queries", "regex*",
        "class", "method", "script", "bash", "refactor*", "unit test*", "compile*", "exception", "stack trace",
        "api", "endpoint*", "implement*", "bug", "bugs", "async", "react", "kotlin", "rust", "golang",
        "docstring*", "type hints", "code",
    };
    private static final String[] COMPOSE = {
        "email", "essay", "blog post", "cover letter", "article", "story", "speech", "proposal", "report",
        "newsletter", "itinerary", "plan", "outline",
    };
    private static final String[] EXPLAIN = {
        "explain*", "describe", "difference*", "how does", "how do",
    };
    private static final String[] SIMPLE = {
        "hello", "hi", "hey", "thanks", "thank you", "translate", "summar*", "tl;dr", "synonym*", "antonym*",
        "spell*", "capital of", "define", "definition", "rephrase", "paraphrase", "grammar", "one sentence",
        "one word", "yes or no", "classify", "sentiment", "extract", "convert", "haiku", "joke", "what time", "how many", "who wrote", "who is", "what is the", "what's the",
    };

    /** The table built from the lists above; immutable, shared by all scorers. */
    static MarkerTable table() {
        List<String[]> spec = new ArrayList<>();
        add(spec, Marker.STRONG, STRONG);
        add(spec, Marker.REASONING, REASONING);
        add(spec, Marker.MATH, MATH);
        add(spec, Marker.CODE, CODE);
        add(spec, Marker.COMPOSE, COMPOSE);
        add(spec, Marker.EXPLAIN, EXPLAIN);
        add(spec, Marker.SIMPLE, SIMPLE);
        return new MarkerTable(spec);
    }

    private static void add(List<String[]> spec, Marker kind, String[] phrases) {
        for (String p : phrases) {
            spec.add(new String[] {kind.name(), p});
        }
    }
}
