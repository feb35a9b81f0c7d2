package io.anytask.worker.internal.home;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExportPackageTest {
    @Test
    void keepsVersionsAndDropsOtherAttributes() {
        String header = "a.b;version=\"1.0.0\";uses:=\"x.y,z\",c;d;version=2.1,e;mandatory:=\"f\"";
        assertEquals(List.of("a.b;version=\"1.0.0\"", "c;version=2.1", "d;version=2.1", "e"),
                ExportPackage.withVersions(header));
    }
}
