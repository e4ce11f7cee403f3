package io.tlsbio.bio.pair;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;

/** A pair holds ring storage only while bytes are unread. */
class BioPairBufferTest {

    private static int storage(BioPair.End writer) throws ReflectiveOperationException {
        Field out = BioPair.End.class.getDeclaredField("out");
        out.setAccessible(true);
        Field buf = Ring.class.getDeclaredField("buf");
        buf.setAccessible(true);
        return ((byte[]) buf.get(out.get(writer))).length;
    }

    @Test
    void theRingHasStorageOnlyWhileBytesAreUnread() throws Exception {
        BioPair pair = BioPair.create(0, 0);
        assertThat(storage(pair.first())).as("a new pair").isZero();
        byte[] data = new byte[BioPair.DEFAULT_BUFFER_SIZE];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7);
        }
        for (int round = 0; round < 3; round++) {
            assertThat(pair.first().write(data)).isEqualTo(data.length);
            assertThat(storage(pair.first())).isPositive();
            byte[] got = new byte[data.length];
            assertThat(pair.second().read(got, 0, 1000)).isEqualTo(1000);
            assertThat(storage(pair.first())).as("bytes still unread").isPositive();
            assertThat(pair.second().read(got, 1000, got.length - 1000))
                    .isEqualTo(got.length - 1000);
            assertThat(got).isEqualTo(data);
            assertThat(storage(pair.first())).as("drained").isZero();
        }
        pair.close();
    }

    @Test
    void aWrappedRingKeepsOrderAcrossTheEnd() {
        BioPair pair = BioPair.create(100, 100);
        byte[] a = new byte[70];
        byte[] b = new byte[60];
        for (int i = 0; i < 70; i++) {
            a[i] = (byte) i;
        }
        for (int i = 0; i < 60; i++) {
            b[i] = (byte) (100 + i);
        }
        assertThat(pair.first().write(a)).isEqualTo(70);
        byte[] got = new byte[130];
        assertThat(pair.second().read(got, 0, 50)).isEqualTo(50);
        assertThat(pair.first().write(b)).isEqualTo(60);
        assertThat(pair.second().read(got, 50, 80)).isEqualTo(80);
        for (int i = 0; i < 130; i++) {
            assertThat(got[i]).isEqualTo((byte) (i < 70 ? i : 100 + i - 70));
        }
        pair.close();
    }
}
