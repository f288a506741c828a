package org.leadroutes;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;

/**
 * What a test class needs beyond its own JVM, as JUnit tags: the quick profile ({@code mvn -Pquick verify})
 * leaves out every tagged class, so it runs only tests that boot nothing. A bare {@code DefaultCamelContext}
 * with no routes is no boot; the application's routes are. {@code TestKindsTest} checks that a class doing
 * one of these carries its tag (directly or from a superclass).
 */
public final class TestKinds {

    /** The tags, as the quick profile in pom.xml names them. */
    public static final String FLOW = "flow";
    public static final String JVM = "jvm";
    public static final String POSTGRES = "postgres";

    private TestKinds() {
    }

    /** Boots the application's routes (Camel Main, or the flows added to a context). */
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @Inherited
    @Tag(FLOW)
    @net.jqwik.api.Tag(FLOW) // jqwik's engine reads its own tag
    public @interface BootsFlow {
    }

    /** Starts JVMs of its own (the shipped jar, or the application's main class). */
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @Inherited
    @Tag(JVM)
    public @interface StartsJvm {
    }

    /** Uses the machine's PostgreSQL (skipped with one loud line where none answers). */
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @Inherited
    @Tag(POSTGRES)
    public @interface NeedsPostgres {
    }
}
