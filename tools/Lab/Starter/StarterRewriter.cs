using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace FromScratch.Lab.Starter;

/// <summary>What the rewrite did to one source file.</summary>
/// <param name="Text">The starter's version of the file.</param>
/// <param name="Stubs">Each stubbed member ("LogWriter.AddRecord") with the step its exception names.</param>
/// <param name="KeptWhole">The types kept as they are in the reference (enums, interfaces, exception types, ...).</param>
/// <param name="Dropped">How many non-public members and types were left out for the learner to design.</param>
internal sealed record RewrittenFile(string Text, IReadOnlyList<(string Member, StepRef Step)> Stubs, IReadOnlyList<string> KeptWhole, int Dropped);

/// <summary>
/// Turns one reference source file into the learner's starter with a syntax-tree rewrite (no
/// semantic model is needed, so the rewrite also works on a lab that does not build yet):
/// <list type="bullet">
/// <item>Public API stays: every public or protected type and member keeps its signature, its
/// attributes and its XML documentation, and the comments above a type (format grammars, worked
/// examples) stay too.</item>
/// <item>Bodies go: methods, constructors, operators and property or event accessors with a body
/// become <c>throw new NotImplementedException("Step 03: LogReader.TryReadRecord, see labs/.../steps/03-....md")</c>,
/// naming the step that builds them (<see cref="StepMap"/>); <c>async</c> is dropped with the body.</item>
/// <item>Given, kept whole: enums, interfaces, delegates, exception types (a base type whose name
/// ends in "Exception"), records without a body, constant fields, public fields, auto-properties
/// (with their initial values), <c>ToString()</c> overrides that use only what the starter keeps,
/// and any type or member whose leading comment says <c>lab: given</c>.</item>
/// <item>Left out, for the learner to design: private and internal members and types, static
/// constructors and finalizers. A class whose constructors are all private keeps one private
/// parameterless constructor, so that C# does not give it a public one.</item>
/// </list>
/// A file whose types no step names (e.g. a part of the shared library that a later lab builds)
/// is not this lab's work: the caller copies it unchanged.
/// </summary>
internal static class StarterRewriter
{
    /// <summary>The comment that keeps a type or member whole in the starter.</summary>
    public const string GivenMarker = "lab: given";

    /// <summary>Rewrites <paramref name="source"/>; <paramref name="fileStep"/> is the step for types the map does not name.</summary>
    public static RewrittenFile Rewrite(string source, string fileName, StepMap steps, StepRef fileStep, IReadOnlySet<string>? usedByGiven = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(fileStep);
        var tree = CSharpSyntaxTree.ParseText(source, Parsing);
        var context = new Context(steps, fileName, usedByGiven ?? new HashSet<string>());
        var root = (CompilationUnitSyntax)tree.GetRoot();
        root = root.WithMembers(RewriteMembers(root.Members, null, fileStep, context, context.EndOfFile.AddRange));
        if (context.EndOfFile.Count > 0)
        {
            root = root.WithEndOfFileToken(root.EndOfFileToken.WithLeadingTrivia(context.EndOfFile.Concat(root.EndOfFileToken.LeadingTrivia)));
        }

        return new RewrittenFile(root.ToFullString(), context.Stubs, context.KeptWhole, context.Dropped);
    }

    /// <summary>The names of the types a file declares at namespace level (to look them up in the step map).</summary>
    public static IReadOnlyList<string> TopLevelTypeNames(string source)
    {
        var root = CSharpSyntaxTree.ParseText(source, Parsing).GetRoot();
        return root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax)
            .OfType<MemberDeclarationSyntax>()
            .Select(m => m switch
            {
                BaseTypeDeclarationSyntax t => t.Identifier.Text,
                DelegateDeclarationSyntax d => d.Identifier.Text,
                _ => null,
            })
            .OfType<string>()
            .ToList();
    }

    /// <summary>
    /// Whether <paramref name="source"/> is still a starter file nobody has begun: it has at least one
    /// body, and every body (method, constructor, operator, accessor, expression-bodied member) is
    /// only the generated <c>throw new NotImplementedException("Step NN: ...")</c>.
    /// </summary>
    public static bool IsUntouchedStub(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var root = CSharpSyntaxTree.ParseText(source, Parsing).GetRoot();
        var bodies = root.DescendantNodes().Select(n => n switch
        {
            BaseMethodDeclarationSyntax m => m.Body is null && m.ExpressionBody is null ? null : (SyntaxNode?)m.Body ?? m.ExpressionBody,
            AccessorDeclarationSyntax a => (SyntaxNode?)a.Body ?? a.ExpressionBody,
            PropertyDeclarationSyntax p => p.ExpressionBody,
            IndexerDeclarationSyntax i => i.ExpressionBody,
            _ => null,
        }).OfType<SyntaxNode>().ToList();
        return bodies.Count > 0 && bodies.All(IsStubBody);
    }

    // "=> throw new NotImplementedException("Step NN: ...")" or "{ throw new ...; }".
    private static bool IsStubBody(SyntaxNode body)
    {
        var thrown = body switch
        {
            ArrowExpressionClauseSyntax { Expression: ThrowExpressionSyntax t } => t.Expression,
            BlockSyntax { Statements: [ThrowStatementSyntax t] } => t.Expression,
            _ => null,
        };
        return thrown is ObjectCreationExpressionSyntax { Type: var type, ArgumentList.Arguments: [{ Expression: LiteralExpressionSyntax message }] }
               && RightmostName(type) == "NotImplementedException"
               && message.Token.ValueText.StartsWith("Step ", StringComparison.Ordinal);
    }

    /// <summary>C# as the repository writes it (LangVersion 14; preview is the closest this Roslyn knows).</summary>
    public static CSharpParseOptions Parsing { get; } = new(LanguageVersion.Preview);

    /// <summary>Every identifier <paramref name="source"/> uses: what a file copied whole may need from the rewritten ones.</summary>
    public static IEnumerable<string> IdentifiersUsed(string source) =>
        CSharpSyntaxTree.ParseText(source, Parsing).GetRoot().DescendantNodes().OfType<SimpleNameSyntax>().Select(n => n.Identifier.Text);

    private sealed class Context(StepMap steps, string fileName, IReadOnlySet<string> usedByGiven)
    {
        public IReadOnlySet<string> UsedByGiven { get; } = usedByGiven;

        public StepMap Steps { get; } = steps;

        public string FileName { get; } = fileName;

        public List<(string, StepRef)> Stubs { get; } = [];

        public List<string> KeptWhole { get; } = [];

        public int Dropped { get; set; }

        // Directives of left-out members at the end of the file (or of a file-scoped namespace): they go before its end.
        public List<SyntaxTrivia> EndOfFile { get; } = [];
    }

    // Rewrites the members of a namespace, compilation unit or type. Members that are dropped hand
    // their preprocessor directives (#region, #if) to the next kept member, or through atEnd to the
    // closing brace or the end of the file, so that directives stay balanced.
    private static SyntaxList<MemberDeclarationSyntax> RewriteMembers(
        SyntaxList<MemberDeclarationSyntax> members, TypeDeclarationSyntax? owner, StepRef ownerStep, Context context,
        Action<IReadOnlyList<SyntaxTrivia>> atEnd)
    {
        var result = new List<MemberDeclarationSyntax>();
        var carried = new List<SyntaxTrivia>();
        foreach (var member in members)
        {
            var rewritten = RewriteMember(member, owner, ownerStep, context);
            if (rewritten is null)
            {
                context.Dropped++;
                carried.AddRange(member.GetLeadingTrivia().Where(t => t.IsDirective));
                continue;
            }

            if (carried.Count > 0)
            {
                rewritten = rewritten.WithLeadingTrivia(carried.Concat(rewritten.GetLeadingTrivia()));
                carried.Clear();
            }

            if (result.Count == 0 && owner is not null)
            {
                rewritten = rewritten.WithLeadingTrivia(WithoutBlankLines(rewritten.GetLeadingTrivia()));
            }

            result.Add(rewritten);
        }

        if (carried.Count > 0)
        {
            atEnd(carried);
        }

        return List(result);
    }

    private static MemberDeclarationSyntax? RewriteMember(MemberDeclarationSyntax member, TypeDeclarationSyntax? owner, StepRef ownerStep, Context context)
    {
        switch (member)
        {
            case BaseNamespaceDeclarationSyntax ns:
                return RewriteNamespace(ns, ownerStep, context);
            case BaseTypeDeclarationSyntax type:
                return RewriteType(type, owner, ownerStep, context);
            case DelegateDeclarationSyntax d:
                return IsVisible(d.Modifiers, owner) ? d : null;
            case GlobalStatementSyntax:
                return member;
        }

        if (owner is null)
        {
            return member;
        }

        if (IsGiven(member))
        {
            return member;
        }

        var typeName = owner.Identifier.Text;
        switch (member)
        {
            case FieldDeclarationSyntax field:
                return Keeps(field.Modifiers, owner, field.Declaration.Variables.Select(v => v.Identifier.Text), context) ? field : null;
            case EventFieldDeclarationSyntax eventField:
                return IsVisible(eventField.Modifiers, owner) ? eventField : null;
            case MethodDeclarationSyntax method:
                if (method.ExplicitInterfaceSpecifier is null && !Keeps(method.Modifiers, owner, [method.Identifier.Text], context))
                {
                    return null;
                }

                if (method.Body is null && method.ExpressionBody is null)
                {
                    return method; // abstract, extern, partial declaration
                }

                if (IsGivenToString(method, owner, context))
                {
                    return method;
                }

                {
                    var step = StepOf(context, typeName, method.Identifier.Text, ownerStep);
                    var name = $"{typeName}.{method.Identifier.Text}";
                    context.Stubs.Add((name, step));
                    var stubbed = method.ConstraintClauses.Count > 0
                        ? method.WithConstraintClauses(method.ConstraintClauses.Replace(method.ConstraintClauses[^1], method.ConstraintClauses[^1].WithTrailingTrivia(Space)))
                        : method.WithParameterList(method.ParameterList.WithTrailingTrivia(Space));
                    return stubbed
                        .WithModifiers(Without(method.Modifiers, SyntaxKind.AsyncKeyword))
                        .WithBody(null)
                        .WithExpressionBody(ThrowArrow(step.StubMessage(name)))
                        .WithSemicolonToken(Semicolon(method.Body?.CloseBraceToken ?? method.SemicolonToken));
                }

            case ConstructorDeclarationSyntax ctor:
                if (ctor.Modifiers.Any(SyntaxKind.StaticKeyword) || !Keeps(ctor.Modifiers, owner, [typeName], context))
                {
                    return null;
                }

                {
                    var step = StepOf(context, typeName, typeName, ownerStep);
                    var name = $"new {typeName}";
                    context.Stubs.Add((name, step));

                    // ": base(...)" stays (the base class may have no parameterless constructor), and
                    // ": this(...)" too unless the type has a constructor the starter leaves out (it may
                    // be the one called: SimulatedFileSystem's public constructor calls its private
                    // one); an argument that uses a left-out member becomes default!.
                    var result = ctor.WithExpressionBody(null).WithSemicolonToken(default);
                    var initializer = ctor.Initializer is { } chained && chained.ThisOrBaseKeyword.IsKind(SyntaxKind.ThisKeyword)
                                      && owner.Members.OfType<ConstructorDeclarationSyntax>().Any(c => !c.Modifiers.Any(SyntaxKind.StaticKeyword) && !IsVisible(c.Modifiers, owner))
                        ? null
                        : ctor.Initializer;
                    result = initializer is { } init
                        ? result.WithInitializer(WithoutLeftOut(init, owner, context).WithTrailingTrivia(EndOfLine("\n")))
                        : result.WithInitializer(null).WithParameterList(ctor.ParameterList.WithTrailingTrivia(EndOfLine("\n")));
                    var trailing = ctor.Body?.CloseBraceToken.TrailingTrivia ?? ctor.SemicolonToken.TrailingTrivia;
                    return result.WithBody(ThrowBlock(step.StubMessage(name), IndentOf(ctor), trailing));
                }

            case DestructorDeclarationSyntax:
                return null;
            case OperatorDeclarationSyntax op:
                {
                    var step = StepOf(context, typeName, typeName, ownerStep);
                    var name = $"{typeName}.operator {op.OperatorToken.Text}";
                    context.Stubs.Add((name, step));
                    return op.WithParameterList(op.ParameterList.WithTrailingTrivia(Space)).WithBody(null).WithExpressionBody(ThrowArrow(step.StubMessage(name)))
                        .WithSemicolonToken(Semicolon(op.Body?.CloseBraceToken ?? op.SemicolonToken));
                }

            case ConversionOperatorDeclarationSyntax conversion:
                {
                    var step = StepOf(context, typeName, typeName, ownerStep);
                    var name = $"{typeName}.operator {conversion.Type}";
                    context.Stubs.Add((name, step));
                    return conversion.WithParameterList(conversion.ParameterList.WithTrailingTrivia(Space)).WithBody(null).WithExpressionBody(ThrowArrow(step.StubMessage(name)))
                        .WithSemicolonToken(Semicolon(conversion.Body?.CloseBraceToken ?? conversion.SemicolonToken));
                }

            case BasePropertyDeclarationSyntax property:
                return RewriteProperty(property, owner, ownerStep, context);
        }

        return member;
    }

    private static BaseNamespaceDeclarationSyntax RewriteNamespace(BaseNamespaceDeclarationSyntax ns, StepRef step, Context context)
    {
        switch (ns)
        {
            case FileScopedNamespaceDeclarationSyntax fileScoped:
                return fileScoped.WithMembers(RewriteMembers(fileScoped.Members, null, step, context, context.EndOfFile.AddRange));
            case NamespaceDeclarationSyntax block:
                var closer = block.CloseBraceToken;
                var members = RewriteMembers(block.Members, null, step, context, t => closer = closer.WithLeadingTrivia(t.Concat(closer.LeadingTrivia)));
                return block.WithMembers(members).WithCloseBraceToken(closer);
            default:
                return ns;
        }
    }

    private static MemberDeclarationSyntax? RewriteType(BaseTypeDeclarationSyntax type, TypeDeclarationSyntax? owner, StepRef ownerStep, Context context)
    {
        var name = type.Identifier.Text;
        if (!Keeps(type.Modifiers, owner, [name], context))
        {
            return null;
        }

        if (IsGiven(type) || type is EnumDeclarationSyntax or InterfaceDeclarationSyntax || IsExceptionType(type)
            || type is RecordDeclarationSyntax { Members.Count: 0 })
        {
            context.KeptWhole.Add(name);
            return type;
        }

        if (type is not TypeDeclarationSyntax declaration)
        {
            return type;
        }

        var step = context.Steps.ForType(name, owner is null ? context.FileName : null) ?? ownerStep;
        var closer = declaration.CloseBraceToken;
        var members = RewriteMembers(declaration.Members, declaration, step, context, t => closer = closer.WithLeadingTrivia(t.Concat(closer.LeadingTrivia)));

        // All constructors gone (they were private) from a class that had some: keep a private one,
        // or C# would give the class a public parameterless constructor the reference does not have.
        var hadConstructors = declaration.Members.OfType<ConstructorDeclarationSyntax>().Any(c => !c.Modifiers.Any(SyntaxKind.StaticKeyword));
        var keptConstructor = members.OfType<ConstructorDeclarationSyntax>().Any();
        if (declaration is ClassDeclarationSyntax && hadConstructors && !keptConstructor && declaration.ParameterList is null)
        {
            var indent = IndentOf(declaration) + "    ";
            var message = SymbolDisplay.FormatLiteral(step.StubMessage($"new {name}"), quote: true);
            var text = $"\n{indent}// The reference's constructors are private (not part of the public API): design your own.\n"
                       + $"{indent}private {name}()\n{indent}{{\n{indent}    throw new NotImplementedException({message});\n{indent}}}\n";
            members = members.Insert(0, ParseMemberDeclaration(text, options: Parsing)!);
        }

        return declaration.WithMembers(members).WithCloseBraceToken(closer);
    }

    private static BasePropertyDeclarationSyntax? RewriteProperty(BasePropertyDeclarationSyntax property, TypeDeclarationSyntax owner, StepRef ownerStep, Context context)
    {
        var isExplicit = property switch
        {
            PropertyDeclarationSyntax p => p.ExplicitInterfaceSpecifier is not null,
            IndexerDeclarationSyntax i => i.ExplicitInterfaceSpecifier is not null,
            EventDeclarationSyntax e => e.ExplicitInterfaceSpecifier is not null,
            _ => false,
        };
        var memberName = property switch
        {
            PropertyDeclarationSyntax p => p.Identifier.Text,
            EventDeclarationSyntax e => e.Identifier.Text,
            _ => "this[]",
        };
        if (!isExplicit && !Keeps(property.Modifiers, owner, [memberName], context))
        {
            return null;
        }

        var typeName = owner.Identifier.Text;
        var display = $"{typeName}.{memberName}";

        // Expression-bodied: int Length => ...;
        ArrowExpressionClauseSyntax? arrow = property switch
        {
            PropertyDeclarationSyntax p => p.ExpressionBody,
            IndexerDeclarationSyntax i => i.ExpressionBody,
            _ => null,
        };
        if (arrow is not null)
        {
            var step = StepOf(context, typeName, memberName, ownerStep);
            context.Stubs.Add((display, step));
            var stub = ThrowArrow(step.StubMessage(display));
            return property switch
            {
                PropertyDeclarationSyntax p => p.WithIdentifier(p.Identifier.WithTrailingTrivia(Space)).WithExpressionBody(stub),
                IndexerDeclarationSyntax i => i.WithParameterList(i.ParameterList.WithTrailingTrivia(Space)).WithExpressionBody(stub),
                _ => property,
            };
        }

        if (property.AccessorList is null || property.AccessorList.Accessors.All(a => a.Body is null && a.ExpressionBody is null))
        {
            return property; // an auto-property (or a field-like declaration): data, kept as it is
        }

        var accessorStep = StepOf(context, typeName, memberName, ownerStep);
        context.Stubs.Add((display, accessorStep));
        var accessors = property.AccessorList.Accessors.Select(a => a.Body is null && a.ExpressionBody is null
            ? a
            : a.WithKeyword(a.Keyword.WithTrailingTrivia(Space)).WithBody(null).WithExpressionBody(ThrowArrow(accessorStep.StubMessage(display)))
                .WithSemicolonToken(Semicolon(a.Body?.CloseBraceToken ?? a.SemicolonToken)));
        return property.WithAccessorList(property.AccessorList.WithAccessors(List(accessors)));
    }

    private static StepRef StepOf(Context context, string typeName, string memberName, StepRef ownerStep) =>
        context.Steps.ForMember(typeName, memberName, null) is { } step && string.CompareOrdinal(step.Number, ownerStep.Number) < 0
            ? step
            : ownerStep;

    // The initializer with every argument that names a member the starter leaves out (a private
    // helper, a private constant) replaced by default!.
    private static ConstructorInitializerSyntax WithoutLeftOut(ConstructorInitializerSyntax initializer, TypeDeclarationSyntax owner, Context context)
    {
        var leftOut = LeftOutNames(owner, context);
        var arguments = initializer.ArgumentList.Arguments.Select(a =>
            a.Expression.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(i => leftOut.Contains(i.Identifier.Text))
                ? a.WithExpression(PostfixUnaryExpression(SyntaxKind.SuppressNullableWarningExpression, LiteralExpression(SyntaxKind.DefaultLiteralExpression)))
                : a);
        return initializer.WithArgumentList(initializer.ArgumentList.WithArguments(SeparatedList(arguments, initializer.ArgumentList.Arguments.GetSeparators())));
    }

    // An override of ToString() that uses nothing the starter leaves out: a diagnostic, given
    // whole (a throwing ToString would break debugger displays and assertion messages).
    private static bool IsGivenToString(MethodDeclarationSyntax method, TypeDeclarationSyntax owner, Context context)
    {
        if (method.Identifier.Text != "ToString" || method.ParameterList.Parameters.Count != 0 || !method.Modifiers.Any(SyntaxKind.OverrideKeyword))
        {
            return false;
        }

        var leftOut = LeftOutNames(owner, context);
        return !method.DescendantNodes().OfType<IdentifierNameSyntax>().Any(i => leftOut.Contains(i.Identifier.Text));
    }

    // The names of the members of owner that the starter leaves out.
    private static HashSet<string> LeftOutNames(TypeDeclarationSyntax owner, Context context)
    {
        return owner.Members
            .Where(m => m is not BaseTypeDeclarationSyntax && !IsVisible(m.Modifiers, owner) && !IsGiven(m))
            .SelectMany(m => m switch
            {
                FieldDeclarationSyntax f => f.Declaration.Variables.Select(v => v.Identifier.Text),
                MethodDeclarationSyntax method => [method.Identifier.Text],
                PropertyDeclarationSyntax property => [property.Identifier.Text],
                _ => [],
            })
            .Where(n => !context.UsedByGiven.Contains(n))
            .Concat(owner.Members.OfType<BaseTypeDeclarationSyntax>().Where(t => !IsVisible(t.Modifiers, owner)).Select(t => t.Identifier.Text))
            .ToHashSet(StringComparer.Ordinal);
    }

    // Kept in the starter: visible, or internal and used by a file that is copied whole (the
    // shared library's RealFileSystem calls FileLock.IsLockConflict).
    private static bool Keeps(SyntaxTokenList modifiers, TypeDeclarationSyntax? owner, IEnumerable<string> names, Context context) =>
        IsVisible(modifiers, owner)
        || (modifiers.Any(SyntaxKind.InternalKeyword) && !modifiers.Any(SyntaxKind.PrivateKeyword) && names.Any(context.UsedByGiven.Contains));

    // Visible from outside the assembly: public or protected (protected internal counts; private
    // protected does not). Members of interfaces are public by default.
    private static bool IsVisible(SyntaxTokenList modifiers, TypeDeclarationSyntax? owner)
    {
        if (modifiers.Any(SyntaxKind.PublicKeyword))
        {
            return true;
        }

        if (modifiers.Any(SyntaxKind.ProtectedKeyword) && !modifiers.Any(SyntaxKind.PrivateKeyword))
        {
            return true;
        }

        return owner is InterfaceDeclarationSyntax && !modifiers.Any(SyntaxKind.PrivateKeyword) && !modifiers.Any(SyntaxKind.InternalKeyword);
    }

    private static bool IsGiven(SyntaxNode node) =>
        node.GetLeadingTrivia().Any(t => (t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia))
                                         && t.ToString().Contains(GivenMarker, StringComparison.OrdinalIgnoreCase));

    private static bool IsExceptionType(BaseTypeDeclarationSyntax type) =>
        type.BaseList?.Types.FirstOrDefault()?.Type is { } baseType
        && RightmostName(baseType).EndsWith("Exception", StringComparison.Ordinal);

    private static string RightmostName(TypeSyntax type) => type switch
    {
        QualifiedNameSyntax q => q.Right.Identifier.Text,
        AliasQualifiedNameSyntax a => a.Name.Identifier.Text,
        SimpleNameSyntax s => s.Identifier.Text,
        _ => type.ToString(),
    };

    private static SyntaxTokenList Without(SyntaxTokenList modifiers, SyntaxKind kind)
    {
        var index = modifiers.IndexOf(kind);
        if (index < 0)
        {
            return modifiers;
        }

        // Keep the removed keyword's leading trivia (it may hold the line's indentation).
        var removed = modifiers[index];
        var rest = modifiers.RemoveAt(index);
        if (index < rest.Count)
        {
            rest = rest.Replace(rest[index], rest[index].WithLeadingTrivia(removed.LeadingTrivia.AddRange(rest[index].LeadingTrivia)));
        }

        return rest;
    }

    private static ObjectCreationExpressionSyntax NewException(string message) =>
        ObjectCreationExpression(IdentifierName("NotImplementedException"))
            .WithArgumentList(ArgumentList(SingletonSeparatedList(Argument(
                LiteralExpression(SyntaxKind.StringLiteralExpression, Literal(message))))));

    // " => throw new NotImplementedException("...")"
    private static ArrowExpressionClauseSyntax ThrowArrow(string message) =>
        ArrowExpressionClause(Token(SyntaxKind.EqualsGreaterThanToken).WithTrailingTrivia(Space),
            ThrowExpression(Token(SyntaxKind.ThrowKeyword).WithTrailingTrivia(Space), NewException(message).NormalizeWhitespace()));

    // The member's closing token becomes ';' with the same trailing trivia (usually the newline).
    private static SyntaxToken Semicolon(SyntaxToken replaced) =>
        Token(SyntaxKind.SemicolonToken).WithTrailingTrivia(replaced.IsKind(SyntaxKind.None) ? TriviaList(EndOfLine("\n")) : replaced.TrailingTrivia);

    private static BlockSyntax ThrowBlock(string message, string indent, SyntaxTriviaList trailing)
    {
        var statement = ThrowStatement(NewException(message)).NormalizeWhitespace()
            .WithLeadingTrivia(Whitespace(indent + "    ")).WithTrailingTrivia(EndOfLine("\n"));
        return Block(
            Token(SyntaxKind.OpenBraceToken).WithLeadingTrivia(Whitespace(indent)).WithTrailingTrivia(EndOfLine("\n")),
            SingletonList<StatementSyntax>(statement),
            Token(SyntaxKind.CloseBraceToken).WithLeadingTrivia(Whitespace(indent)).WithTrailingTrivia(trailing.Count == 0 ? TriviaList(EndOfLine("\n")) : trailing));
    }

    // Leading trivia without the blank lines it starts with (the first member after an opening brace).
    private static IEnumerable<SyntaxTrivia> WithoutBlankLines(SyntaxTriviaList trivia)
    {
        var start = 0;
        for (var i = 0; i < trivia.Count; i++)
        {
            if (trivia[i].IsKind(SyntaxKind.EndOfLineTrivia))
            {
                start = i + 1;
            }
            else if (!trivia[i].IsKind(SyntaxKind.WhitespaceTrivia))
            {
                break;
            }
        }

        return trivia.Skip(start);
    }

    // The whitespace before a declaration's first token on its line.
    private static string IndentOf(SyntaxNode node) =>
        node.GetLeadingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).ToString();
}
