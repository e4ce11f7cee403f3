package io.tlsbio.bio.pair;

/** The Bio contract over {@link BioPair#first()}. */
class BioPairFirstEndContractTest extends BioPairEndContractTest {

    @Override
    BioPair.End endUnderTest(BioPair pair) {
        return pair.first();
    }
}
