package io.tlsbio.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TablePrinterTest {

    @Test
    void columnsAreAsWideAsTheirWidestCellAndNumbersAlignRight() {
        TablePrinter t = new TablePrinter("BIO", ">CALLS", "RESULTS");
        t.row("mem", "3", "-1/WANT_READ x2, 1");
        t.row("connect+accept-nbio", "12");
        t.row(null, "1", "1");

        assertThat(print(t))
                .isEqualTo(
                        String.join(
                                System.lineSeparator(),
                                "BIO                  CALLS  RESULTS",
                                "mem                      3  -1/WANT_READ x2, 1",
                                "connect+accept-nbio     12",
                                "                         1  1",
                                ""));
    }

    @Test
    void tooManyCellsIsMisuse() {
        TablePrinter t = new TablePrinter("A");
        assertThatThrownBy(() -> t.row("1", "2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cells.length > columns: 2 > 1");
    }

    private static String print(TablePrinter t) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        t.print(new PrintStream(b, true, StandardCharsets.UTF_8));
        return b.toString(StandardCharsets.UTF_8);
    }
}
