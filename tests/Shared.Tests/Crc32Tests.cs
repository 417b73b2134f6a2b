namespace FromScratch.Shared.Tests;

public class Crc32Tests
{
    [Fact]
    [Trait("Step", "03")]
    public void Crc32_of_the_check_string_is_CBF43926() =>
        Checksums.Crc32.Compute("123456789"u8).Should().Be(0xCBF43926u);

    [Fact]
    [Trait("Step", "03")]
    public void Crc32_of_nothing_is_zero() =>
        Checksums.Crc32.Compute([]).Should().Be(0u);

    [Fact]
    [Trait("Step", "03")]
    public void Crc32_and_Crc32C_are_different_checksums() =>
        Checksums.Crc32.Compute("123456789"u8).Should().NotBe(Checksums.Crc32C.Compute("123456789"u8));
}
