package io.aiswarm.state.pg;

import io.aiswarm.state.ChildSupport;
import java.nio.file.Path;

/** Child JVM: migrates the store its environment names once the go file appears; prints what it applied. */
public final class MigrateMain {
    private MigrateMain() {
    }

    public static void main(String[] args) throws Exception {
        ChildSupport.awaitGo(Path.of(args[0]));
        PgMigrations.Report r = new PgMigrations(PgSettings.from(System.getenv())).migrate();
        System.out.println("applied " + r.applied());
    }
}
