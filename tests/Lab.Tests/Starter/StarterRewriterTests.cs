using FromScratch.Lab.Starter;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace FromScratch.Lab.Tests.Starter;

public sealed class StarterRewriterTests
{
    private static readonly StepRef Step02 = new("02", "labs/db-99-demo/steps/02-reader.md");
    private static readonly StepRef Step03 = new("03", "labs/db-99-demo/steps/03-recovery.md");

    private static readonly StepMap Steps = StepMap.FromTexts(
    [
        (Step02, "## Key code\n\nReference: `src/Demo/Reader.cs` (`Reader`), `Shape`.\n"),
        (Step03, "## Key code\n\nReference: `Reader.Recover`, `Recovery.cs`.\n"),
    ]);

    [Fact]
    [Trait("Step", "00")]
    public void Method_constructor_and_property_bodies_throw_naming_the_step_and_its_guide()
    {
        var text = Rewrite("""
            namespace Demo;

            public sealed class Reader
            {
                private int _count;

                public Reader(int count) { _count = count; }

                public int Count => _count;

                public int Size { get { return _count; } set { _count = value; } }

                public bool TryRead(out int value) { value = _count; return true; }
            }
            """);

        text.Should().Contain("""public Reader(int count)""")
            .And.Contain("""throw new NotImplementedException("Step 02: new Reader, see labs/db-99-demo/steps/02-reader.md");""")
            .And.Contain("""public int Count => throw new NotImplementedException("Step 02: Reader.Count, see labs/db-99-demo/steps/02-reader.md");""")
            .And.Contain("""get => throw new NotImplementedException("Step 02: Reader.Size, see""")
            .And.Contain("""set => throw new NotImplementedException("Step 02: Reader.Size, see""")
            .And.Contain("""public bool TryRead(out int value) => throw new NotImplementedException("Step 02: Reader.TryRead, see""");
        text.Should().NotContain("_count").And.NotContain("return true");
        Compiles(text);
    }

    [Fact]
    [Trait("Step", "00")]
    public void A_member_named_in_a_later_step_throws_with_that_step_unless_its_type_came_earlier()
    {
        var text = Rewrite("""
            namespace Demo;

            public static class Recovery
            {
                public static void Run() { }
            }

            public sealed class Reader
            {
                public void Recover() { }
            }
            """, fileStep: Step03, fileName: "Recovery.cs");

        text.Should().Contain("\"Step 03: Recovery.Run, see labs/db-99-demo/steps/03-recovery.md\"")
            .And.Contain("\"Step 02: Reader.Recover, see labs/db-99-demo/steps/02-reader.md\"", "Reader is named in step 02, first");
    }

    [Fact]
    [Trait("Step", "00")]
    public void Private_and_internal_members_and_types_are_left_out_for_the_learner_to_design()
    {
        var text = Rewrite("""
            namespace Demo;

            internal static class Helpers
            {
                public static int Twice(int x) => 2 * x;
            }

            public sealed class Reader
            {
                private const int Secret = 7;
                private static readonly byte[] Table = new byte[256];
                private int _position;

                static Reader() { Table[0] = 1; }

                ~Reader() { }

                public void Read() { ReadBlock(); }

                internal void Reset() { }

                private void ReadBlock() { _position++; }

                private sealed class Cursor { }

                private protected void Hidden() { }
            }
            """);

        text.Should().NotContain("Helpers").And.NotContain("Secret").And.NotContain("Table").And.NotContain("_position")
            .And.NotContain("static Reader").And.NotContain("~Reader").And.NotContain("Reset").And.NotContain("ReadBlock")
            .And.NotContain("Cursor").And.NotContain("Hidden");
        text.Should().Contain("public void Read() => throw new NotImplementedException(");
        Compiles(text);
    }

    [Fact]
    [Trait("Step", "00")]
    public void Given_code_is_kept_whole_enums_interfaces_exceptions_body_less_records_constants_and_auto_properties()
    {
        var text = Rewrite("""
            namespace Demo;

            public enum Shape { Full = 1, First = 2 }

            public interface IReporter { void Report(string reason); }

            public class ReaderException : System.IO.IOException
            {
                public ReaderException(string message) : base(Describe(message)) { }

                private static string Describe(string m) => "reader: " + m;
            }

            public sealed record Result(long Records, long Length);

            public sealed class Reader
            {
                public const int BlockSize = 32 * 1024;

                public static readonly int Default = BlockSize;

                public int MaxBatch { get; init; } = 1024;

                public long LastOffset { get; private set; }
            }
            """);

        text.Should().Contain("public enum Shape { Full = 1, First = 2 }")
            .And.Contain("public interface IReporter { void Report(string reason); }")
            .And.Contain("private static string Describe(string m) => \"reader: \" + m;", "an exception type is given whole")
            .And.Contain("public sealed record Result(long Records, long Length);")
            .And.Contain("public const int BlockSize = 32 * 1024;")
            .And.Contain("public static readonly int Default = BlockSize;")
            .And.Contain("public int MaxBatch { get; init; } = 1024;")
            .And.Contain("public long LastOffset { get; private set; }");
        Compiles(text);
    }

    [Fact]
    [Trait("Step", "00")]
    public void A_ToString_override_that_uses_only_kept_members_is_given_whole()
    {
        var text = Rewrite("""
            namespace Demo;

            public readonly record struct Drop(long Offset, string Reason)
            {
                public override string ToString() => $"drop at {Offset}: {Reason}";
            }

            public sealed class Reader
            {
                private int _position;

                public override string ToString() => $"reader at {_position}";
            }
            """);

        text.Should().Contain("public override string ToString() => $\"drop at {Offset}: {Reason}\";")
            .And.Contain("public override string ToString() => throw new NotImplementedException(\"Step 02: Reader.ToString,");
        Compiles(text);
    }

    [Fact]
    [Trait("Step", "00")]
    public void A_lab_given_comment_keeps_a_member_whole()
    {
        var text = Rewrite("""
            namespace Demo;

            public static class Reader
            {
                // lab: given (the format's magic number, not the lesson)
                public static uint Magic() => 0xCAFEu;

                public static uint Other() => 1;
            }
            """);

        text.Should().Contain("public static uint Magic() => 0xCAFEu;").And.Contain("public static uint Other() => throw new NotImplementedException(");
    }

    [Fact]
    [Trait("Step", "00")]
    public void Xml_docs_and_the_comment_above_the_type_stay()
    {
        var text = Rewrite("""
            namespace Demo;

            // Grammar: record := header payload
            //   header := crc32c:fixed32 length:fixed16

            /// <summary>Reads records.</summary>
            public sealed class Reader
            {
                /// <summary>Reads one.</summary>
                /// <param name="buffer">Where to.</param>
                /// <returns>How many bytes.</returns>
                public int Read(byte[] buffer) { return buffer.Length; }
            }
            """);

        text.Should().Contain("// Grammar: record := header payload").And.Contain("//   header := crc32c:fixed32 length:fixed16")
            .And.Contain("/// <summary>Reads records.</summary>")
            .And.Contain("    /// <summary>Reads one.</summary>\n    /// <param name=\"buffer\">Where to.</param>\n    /// <returns>How many bytes.</returns>\n    public int Read(byte[] buffer) => throw");
    }

    [Fact]
    [Trait("Step", "00")]
    public void Async_goes_with_the_body_and_explicit_interface_members_stay_as_stubs()
    {
        var text = Rewrite("""
            using System.Threading.Tasks;

            namespace Demo;

            public sealed class Reader : System.IDisposable
            {
                public async Task<int> ReadAsync() { await Task.Yield(); return 1; }

                void System.IDisposable.Dispose() { }
            }
            """);

        text.Should().Contain("public Task<int> ReadAsync() => throw").And.NotContain("async")
            .And.Contain("void System.IDisposable.Dispose() => throw");
        Compiles(text);
    }

    [Fact]
    [Trait("Step", "00")]
    public void A_class_whose_constructors_are_all_private_keeps_a_private_one_so_it_gets_no_public_one()
    {
        var text = Rewrite("""
            namespace Demo;

            public sealed class Reader
            {
                private Reader(int x) { }

                public static Reader Open() => new Reader(1);
            }
            """);

        text.Should().Contain("private Reader()").And.NotContain("private Reader(int x)");
        var image = Compiles(text);
        ApiSurface.Read(image).Should().NotContain(l => l.Contains(".ctor", StringComparison.Ordinal));
    }

    [Fact]
    [Trait("Step", "00")]
    public void Constructor_initializers_stay_with_left_out_helpers_replaced_by_default()
    {
        var text = Rewrite("""
            namespace Demo;

            public class Reader : System.IO.StringReader
            {
                public Reader(string s) : base(s) { }

                public Reader() : this(Empty()) { }

                private static string Empty() => "";
            }
            """);

        text.Should().Contain("public Reader(string s) : base(s)").And.Contain("public Reader() : this(default!)").And.NotContain("Empty");
        Compiles(text);
    }

    [Fact]
    [Trait("Step", "00")]
    public void A_this_initializer_that_may_call_a_left_out_constructor_goes()
    {
        // The shape of the shared library's SimulatedFileSystem: the public constructor calls a
        // private one with an internal type, both left out of the starter.
        var text = Rewrite("""
            namespace Demo;

            public sealed class Store
            {
                public Store(int? size = null) : this(size ?? 4, new Inner()) { }

                private Store(int size, Inner inner) { }

                internal sealed class Inner { }
            }
            """);

        text.Should().Contain("public Store(int? size = null)\n").And.NotContain("this(").And.NotContain("Inner");
        Compiles(text);
    }

    [Fact]
    [Trait("Step", "00")]
    public void Internal_members_that_given_code_uses_are_kept_as_stubs()
    {
        var rewritten = StarterRewriter.Rewrite("""
            namespace Demo;

            public static class Reader
            {
                internal static bool IsConflict(int code) => code == 11;

                internal static bool Unused() => true;
            }
            """, "Reader.cs", Steps, Step02, new HashSet<string> { "IsConflict" }).Text;

        rewritten.Should().Contain("internal static bool IsConflict(int code) => throw").And.NotContain("Unused");
    }

    [Fact]
    [Trait("Step", "00")]
    public void Preprocessor_directives_of_left_out_members_stay_balanced()
    {
        var text = Rewrite("""
            namespace Demo;

            public sealed class Reader
            {
            #region Private state
                private int _a;
            #endregion

                public void Read() { }
            }
            """);

        text.Should().Contain("#region Private state").And.Contain("#endregion");
        Compiles(text);
    }

    [Fact]
    [Trait("Step", "00")]
    public void Directives_of_a_left_out_type_at_the_end_of_a_file_scoped_namespace_stay()
    {
        var text = Rewrite("""
            namespace Demo;

            public static class Reader
            {
                public static void Read() { }
            }

            #region Checks
            internal static class Checks { }
            #endregion
            """);

        text.Should().Contain("#region Checks").And.Contain("#endregion").And.NotContain("class Checks");
        Compiles(text);
    }

    private static string Rewrite(string source, StepRef? fileStep = null, string fileName = "Reader.cs") =>
        StarterRewriter.Rewrite(source, fileName, Steps, fileStep ?? Step02).Text;

    // The rewritten text compiles on its own (framework references only).
    private static byte[] Compiles(string text)
    {
        var compilation = CSharpCompilation.Create(
            "Starter" + Guid.NewGuid().ToString("N"),
            [CSharpSyntaxTree.ParseText(text, StarterRewriter.Parsing), CSharpSyntaxTree.ParseText("global using System;", StarterRewriter.Parsing)],
            InMemoryBuild.FrameworkReferences(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        result.Success.Should().BeTrue("the starter must compile:\n{0}\n{1}",
            string.Join('\n', result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)), text);
        return image.ToArray();
    }
}
