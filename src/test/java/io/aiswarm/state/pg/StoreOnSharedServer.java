package io.aiswarm.state.pg;

import io.aiswarm.testing.PrivatePostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** Base of the IT classes that need only a store of their own: a new migrated database per test on the JVM's server. */
abstract class StoreOnSharedServer {
    static PrivatePostgres pg;
    PgTestStore store;

    @BeforeAll
    static void sharedServer() {
        pg = PrivatePostgres.shared();
    }

    @BeforeEach
    void freshStore() {
        store = PgTestStore.fresh(pg);
    }

    @AfterEach
    void closeStore() throws Exception {
        store.close();
    }
}
