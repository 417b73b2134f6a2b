using FromScratch.Lab.Starter;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace FromScratch.Lab.Tests.Starter;

public sealed class ApiSurfaceTests
{
    private const string Reference = """
        namespace Demo;

        public enum Kind : byte { A = 1, B = 2 }

        public sealed class Reader : System.IDisposable
        {
            public const int BlockSize = 32768;
            private int _hidden;

            public Reader(string path, int initialOffset = 0) { _hidden = initialOffset; }

            public long Length { get; private set; }

            public bool TryRead(out System.ReadOnlyMemory<byte> record) { record = default; return _hidden > 0; }

            public void Dispose() { }

            private void Helper() { }

            private sealed class Cursor { }
        }
        """;

    [Fact]
    [Trait("Step", "00")]
    public void Lists_public_types_and_members_with_signatures_and_constant_values()
    {
        var api = ApiSurface.Read(Compile(Reference));

        api.Should().Contain("Demo.Kind enum : System.Byte")
            .And.Contain("Demo.Kind field const Demo.Kind A = 1")
            .And.Contain("Demo.Reader sealed class : System.IDisposable")
            .And.Contain("Demo.Reader field const System.Int32 BlockSize = 32768")
            .And.Contain("Demo.Reader method System.Void .ctor(System.String path, System.Int32 initialOffset = 0)")
            .And.Contain("Demo.Reader method System.Boolean TryRead(out System.ReadOnlyMemory`1<System.Byte> record)")
            .And.Contain("Demo.Reader property System.Int64 Length() { get }");
        api.Should().NotContain(l => l.Contains("_hidden", StringComparison.Ordinal) || l.Contains("Helper", StringComparison.Ordinal) || l.Contains("Cursor", StringComparison.Ordinal));
    }

    [Fact]
    [Trait("Step", "00")]
    public void Private_differences_do_not_count()
    {
        var other = Reference.Replace("private void Helper() { }", "private int Other() => 3;", StringComparison.Ordinal)
            .Replace("return _hidden > 0;", "throw new System.NotImplementedException();", StringComparison.Ordinal);

        ApiSurface.Difference(ApiSurface.Read(Compile(Reference)), ApiSurface.Read(Compile(other))).Should().BeEmpty();
    }

    [Theory]
    [Trait("Step", "00")]
    [InlineData("int initialOffset = 0) { _hidden = initialOffset; }", "int offset = 0) { _hidden = offset; }", "a parameter name (named arguments would not compile)")]
    [InlineData("int initialOffset = 0", "int initialOffset = 1", "a default value")]
    [InlineData("BlockSize = 32768", "BlockSize = 32767", "a constant's value")]
    [InlineData("public void Dispose() { }", "public void Dispose() { } public void Extra() { }", "an extra public method")]
    [InlineData("public long Length { get; private set; }", "public long Length { get; set; }", "a setter made public")]
    [InlineData("A = 1, B = 2", "A = 1, B = 3", "an enum value")]
    [InlineData("public sealed class Reader", "public class Reader", "sealed")]
    public void A_public_difference_is_reported(string from, string to, string what)
    {
        var other = Reference.Replace(from, to, StringComparison.Ordinal);
        other.Should().NotBe(Reference);

        ApiSurface.Difference(ApiSurface.Read(Compile(Reference)), ApiSurface.Read(Compile(other))).Should().NotBeEmpty(what);
    }

    private static byte[] Compile(string source)
    {
        var compilation = CSharpCompilation.Create(
            "Api" + Guid.NewGuid().ToString("N"),
            [CSharpSyntaxTree.ParseText(source, StarterRewriter.Parsing)],
            InMemoryBuild.FrameworkReferences(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        result.Success.Should().BeTrue(string.Join('\n', result.Diagnostics));
        return image.ToArray();
    }
}
