package io.tlsbio.bio.pair;

/** The Bio contract over {@link BioPair#second()}. */
class BioPairSecondEndContractTest extends BioPairEndContractTest {

    @Override
    BioPair.End endUnderTest(BioPair pair) {
        return pair.second();
    }
}
