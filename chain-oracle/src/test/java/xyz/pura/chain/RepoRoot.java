package xyz.pura.chain;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root: the nearest folder, from the working directory up, that holds package.json. */
public final class RepoRoot {
    private RepoRoot() {
    }

    static Path find() {
        Path start = Path.of("").toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("package.json"))) {
                return p;
            }
        }
        throw new IllegalStateException("no package.json in " + start + " or above: run the tests inside the repository");
    }
}
