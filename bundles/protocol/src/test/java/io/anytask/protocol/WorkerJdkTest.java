package io.anytask.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerJdkTest {
    @TempDir
    Path dir;

    @Test
    void aJdkIsKnownByItsReleaseFileThroughSymbolicLinks() throws IOException {
        Path jdk = fakeJdk("jdk-25", "JAVA_VERSION=\"25.0.3\"\nJAVA_RUNTIME_VERSION=\"25.0.3+9-LTS\"\n"
                + "IMPLEMENTOR=\"Eclipse Adoptium\"\n");
        Path link = Files.createSymbolicLink(dir.resolve("java"), jdk.resolve("bin/java"));
        assertEquals(new WorkerJdk(25, "25.0.3+9-LTS", "Eclipse Adoptium"), WorkerJdk.of(link));
    }

    @Test
    void aReleaseFileWithoutRuntimeVersionOrImplementorStillNamesTheJdk() throws IOException {
        Path jdk = fakeJdk("jdk-21", "JAVA_VERSION=\"21.0.5\"\n");
        WorkerJdk found = WorkerJdk.of(jdk.resolve("bin/java"));
        assertEquals(new WorkerJdk(21, "21.0.5", ""), found);
        assertEquals(dir.resolve("home/archives/21.0.5.jsa"), found.archive(dir.resolve("home")));
    }

    @Test
    void theOptionsKeepEachJdkQuietAndAreKnownToIt() {
        assertEquals(List.of("--enable-native-access=ALL-UNNAMED"), jdk(17).options());
        assertEquals(List.of("--enable-native-access=ALL-UNNAMED"), jdk(21).options());
        assertEquals(List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"),
                jdk(23).options());
        assertEquals(List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"),
                jdk(25).options());
    }

    @Test
    void eachJdkBuildHasAnArchiveOfItsOwnOfTheKindItUses() {
        Path home = dir.resolve("home");
        WorkerJdk debian = new WorkerJdk(17, "17.0.15+6-Debian-1deb12u1", "Debian");
        WorkerJdk temurin = new WorkerJdk(25, "25.0.3+9-LTS", "Eclipse Adoptium");
        assertEquals(home.resolve("archives/Debian-17.0.15+6-Debian-1deb12u1.jsa"), debian.archive(home));
        assertEquals(home.resolve("archives/Eclipse_Adoptium-25.0.3+9-LTS.aot"), temurin.archive(home));
        assertEquals(home.resolve("archives/Eclipse_Adoptium-25.0.3+9-LTS.jsa"),
                temurin.archive(home, WorkerJdk.ArchiveKind.CDS));
        assertEquals(List.of("-Xshare:auto", "-XX:SharedArchiveFile=" + debian.archive(home)),
                WorkerJdk.archiveOptions(debian.archive(home)));
        assertEquals(List.of("-XX:AOTCache=" + temurin.archive(home)), WorkerJdk.archiveOptions(temurin.archive(home)));
    }

    @Test
    void theRunningJdkIsNamedAsItsReleaseFileNamesIt() {
        WorkerJdk current = WorkerJdk.current();
        assertEquals(Runtime.version().feature(), current.feature());
        assertEquals(Runtime.version().toString(), current.runtimeVersion());
    }

    @Test
    void aJavaOlderThan17OrNoJavaAtAllIsAClearError() throws IOException {
        IllegalArgumentException old = assertThrows(IllegalArgumentException.class,
                () -> new WorkerJdk(11, "11.0.2", "x"));
        assertTrue(old.getMessage().contains("Java 11 cannot run workers (expected: Java 17 or newer)"),
                old.getMessage());
        Path notJava = Files.writeString(dir.resolve("not-java"), "#!/bin/sh\nexit 1\n");
        assertTrue(notJava.toFile().setExecutable(true));
        IOException e = assertThrows(IOException.class, () -> WorkerJdk.of(notJava));
        assertTrue(e.getMessage().contains("is not a JDK that can run workers"), e.getMessage());
        assertThrows(IOException.class, () -> WorkerJdk.of(dir.resolve("missing/bin/java")));
    }

    private static WorkerJdk jdk(int feature) {
        return new WorkerJdk(feature, feature + ".0.1", "Test");
    }

    private Path fakeJdk(String name, String release) throws IOException {
        Path jdk = Files.createDirectories(dir.resolve(name).resolve("bin")).getParent();
        Files.writeString(jdk.resolve("bin/java"), "");
        Files.writeString(jdk.resolve("release"), release);
        return jdk;
    }
}
