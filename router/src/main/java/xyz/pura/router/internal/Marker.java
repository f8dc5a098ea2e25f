package xyz.pura.router.internal;

/** What a marker phrase counts towards. */
enum Marker {
    STRONG, REASONING, MATH, CODE, COMPOSE, EXPLAIN, SIMPLE;

    static final int COUNT = values().length;
}
