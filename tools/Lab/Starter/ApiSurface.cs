using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace FromScratch.Lab.Starter;

/// <summary>
/// The public API of a compiled assembly, read from its metadata (System.Reflection.Metadata), as
/// sorted lines that can be compared: every type visible outside the assembly (public, and public or
/// protected nested in one) with its kind, modifiers, base type and interfaces; and every public or
/// protected field (constants with their values), method (constructors and accessors included, with
/// parameter names, ref/out and default values), property and event. Attributes are not part of it.
/// Two assemblies with the same lines offer the same API to a test project that compiles against them.
/// </summary>
internal static class ApiSurface
{
    /// <summary>The API lines of the assembly in <paramref name="image"/> (a PE file's bytes).</summary>
    public static IReadOnlyList<string> Read(byte[] image)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var pe = new PEReader(ImmutableArray.Create(image));
        return Read(pe.GetMetadataReader());
    }

    /// <summary>The API lines of the assembly at <paramref name="path"/>.</summary>
    public static IReadOnlyList<string> Read(string path) => Read(File.ReadAllBytes(path));

    /// <summary>
    /// The differences: lines only in <paramref name="reference"/> prefixed "- ", lines only in
    /// <paramref name="other"/> prefixed "+ "; empty when the APIs are equal.
    /// </summary>
    public static IReadOnlyList<string> Difference(IReadOnlyList<string> reference, IReadOnlyList<string> other)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(other);
        var theirs = other.ToHashSet(StringComparer.Ordinal);
        var ours = reference.ToHashSet(StringComparer.Ordinal);
        return [.. reference.Where(l => !theirs.Contains(l)).Select(l => "- " + l), .. other.Where(l => !ours.Contains(l)).Select(l => "+ " + l)];
    }

    private static List<string> Read(MetadataReader reader)
    {
        var provider = new TypeNames(reader);
        var lines = new List<string>();
        foreach (var handle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(handle);
            if (!IsVisible(reader, type))
            {
                continue;
            }

            var name = provider.NameOf(handle);
            lines.Add(TypeLine(reader, type, name, provider));
            foreach (var fieldHandle in type.GetFields())
            {
                var field = reader.GetFieldDefinition(fieldHandle);
                var access = field.Attributes & FieldAttributes.FieldAccessMask;
                if (access is not (FieldAttributes.Public or FieldAttributes.Family or FieldAttributes.FamORAssem))
                {
                    continue;
                }

                var fieldType = field.DecodeSignature(provider, null);
                var modifiers = Modifiers(
                    (access != FieldAttributes.Public, "protected"),
                    ((field.Attributes & FieldAttributes.Literal) != 0, "const"),
                    ((field.Attributes & FieldAttributes.Static) != 0 && (field.Attributes & FieldAttributes.Literal) == 0, "static"),
                    ((field.Attributes & FieldAttributes.InitOnly) != 0, "readonly"));
                var value = field.GetDefaultValue().IsNil ? "" : " = " + ConstantText(reader, reader.GetConstant(field.GetDefaultValue()));
                lines.Add($"{name} field {modifiers}{fieldType} {reader.GetString(field.Name)}{value}");
            }

            foreach (var methodHandle in type.GetMethods())
            {
                var method = reader.GetMethodDefinition(methodHandle);
                var access = method.Attributes & MethodAttributes.MemberAccessMask;
                if (access is not (MethodAttributes.Public or MethodAttributes.Family or MethodAttributes.FamORAssem))
                {
                    continue;
                }

                lines.Add($"{name} method {MethodText(reader, method, provider)}");
            }

            foreach (var propertyHandle in type.GetProperties())
            {
                var property = reader.GetPropertyDefinition(propertyHandle);
                var accessors = property.GetAccessors();
                var visible = new[] { accessors.Getter, accessors.Setter }.Where(a => !a.IsNil && IsVisibleMethod(reader.GetMethodDefinition(a))).ToList();
                if (visible.Count == 0)
                {
                    continue;
                }

                var signature = property.DecodeSignature(provider, null);
                var kinds = string.Join(' ', visible.Select(a => reader.GetString(reader.GetMethodDefinition(a).Name).StartsWith("get_", StringComparison.Ordinal) ? "get" : "set"));
                lines.Add($"{name} property {signature.ReturnType} {reader.GetString(property.Name)}({string.Join(", ", signature.ParameterTypes)}) {{ {kinds} }}");
            }

            foreach (var eventHandle in type.GetEvents())
            {
                var ev = reader.GetEventDefinition(eventHandle);
                var adder = ev.GetAccessors().Adder;
                if (adder.IsNil || !IsVisibleMethod(reader.GetMethodDefinition(adder)))
                {
                    continue;
                }

                lines.Add($"{name} event {provider.NameOfAny(ev.Type)} {reader.GetString(ev.Name)}");
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static bool IsVisibleMethod(MethodDefinition method) =>
        (method.Attributes & MethodAttributes.MemberAccessMask) is MethodAttributes.Public or MethodAttributes.Family or MethodAttributes.FamORAssem;

    private static bool IsVisible(MetadataReader reader, TypeDefinition type)
    {
        var visibility = type.Attributes & TypeAttributes.VisibilityMask;
        return visibility switch
        {
            TypeAttributes.Public => true,
            TypeAttributes.NestedPublic or TypeAttributes.NestedFamily or TypeAttributes.NestedFamORAssem =>
                IsVisible(reader, reader.GetTypeDefinition(type.GetDeclaringType())),
            _ => false,
        };
    }

    private static string TypeLine(MetadataReader reader, TypeDefinition type, string name, TypeNames provider)
    {
        var baseType = type.BaseType.IsNil ? null : provider.NameOfAny(type.BaseType);
        var attributes = type.Attributes;
        var kind = (attributes & TypeAttributes.Interface) != 0 ? "interface"
            : baseType == "System.Enum" ? "enum"
            : baseType == "System.ValueType" ? "struct"
            : baseType == "System.MulticastDelegate" ? "delegate"
            : "class";
        var isStatic = (attributes & TypeAttributes.Abstract) != 0 && (attributes & TypeAttributes.Sealed) != 0;
        var modifiers = kind == "class"
            ? Modifiers((isStatic, "static"), (!isStatic && (attributes & TypeAttributes.Abstract) != 0, "abstract"), (!isStatic && (attributes & TypeAttributes.Sealed) != 0, "sealed"))
            : "";
        var generics = type.GetGenericParameters().Count > 0
            ? "<" + string.Join(", ", type.GetGenericParameters().Select(g => reader.GetString(reader.GetGenericParameter(g).Name))) + ">"
            : "";
        var bases = new List<string>();
        if (baseType is not null && kind == "class" && baseType != "System.Object")
        {
            bases.Add(baseType);
        }

        if (kind == "enum")
        {
            // The underlying type is the type of the instance field value__.
            var valueField = type.GetFields().Select(reader.GetFieldDefinition).FirstOrDefault(f => (f.Attributes & FieldAttributes.Static) == 0);
            bases.Add(valueField.DecodeSignature(provider, null));
        }

        bases.AddRange(type.GetInterfaceImplementations()
            .Select(i => provider.NameOfAny(reader.GetInterfaceImplementation(i).Interface))
            .Order(StringComparer.Ordinal));
        return $"{name} {modifiers}{kind}{generics}{(bases.Count > 0 ? " : " + string.Join(", ", bases) : "")}";
    }

    private static string MethodText(MetadataReader reader, MethodDefinition method, TypeNames provider)
    {
        var signature = method.DecodeSignature(provider, null);
        var attributes = method.Attributes;
        var isVirtual = (attributes & MethodAttributes.Virtual) != 0;
        var modifiers = Modifiers(
            ((attributes & MethodAttributes.MemberAccessMask) != MethodAttributes.Public, "protected"),
            ((attributes & MethodAttributes.Static) != 0, "static"),
            ((attributes & MethodAttributes.Abstract) != 0, "abstract"),
            (isVirtual && (attributes & MethodAttributes.Abstract) == 0 && (attributes & MethodAttributes.Final) == 0, "virtual"),
            (isVirtual && (attributes & MethodAttributes.Final) != 0, "final"));
        var parameters = new Dictionary<int, Parameter>();
        foreach (var p in method.GetParameters())
        {
            var parameter = reader.GetParameter(p);
            parameters[parameter.SequenceNumber] = parameter;
        }

        var list = new List<string>();
        for (var i = 0; i < signature.ParameterTypes.Length; i++)
        {
            var text = signature.ParameterTypes[i];
            if (parameters.TryGetValue(i + 1, out var parameter))
            {
                if ((parameter.Attributes & ParameterAttributes.Out) != 0 && text.StartsWith("ref ", StringComparison.Ordinal))
                {
                    text = "out " + text[4..];
                }

                text += " " + reader.GetString(parameter.Name);
                if ((parameter.Attributes & ParameterAttributes.HasDefault) != 0)
                {
                    text += " = " + ConstantText(reader, reader.GetConstant(parameter.GetDefaultValue()));
                }
                else if ((parameter.Attributes & ParameterAttributes.Optional) != 0)
                {
                    text += " = default";
                }
            }

            list.Add(text);
        }

        var generics = method.GetGenericParameters().Count > 0 ? $"<{method.GetGenericParameters().Count}>" : "";
        return $"{modifiers}{signature.ReturnType} {reader.GetString(method.Name)}{generics}({string.Join(", ", list)})";
    }

    private static string Modifiers(params (bool On, string Word)[] modifiers) =>
        string.Concat(modifiers.Where(m => m.On).Select(m => m.Word + " "));

    private static string ConstantText(MetadataReader reader, Constant constant)
    {
        var blob = reader.GetBlobReader(constant.Value);
        return constant.TypeCode switch
        {
            ConstantTypeCode.Boolean => blob.ReadBoolean() ? "true" : "false",
            ConstantTypeCode.Char => "'" + blob.ReadChar() + "'",
            ConstantTypeCode.SByte => blob.ReadSByte().ToString(CultureInfo.InvariantCulture),
            ConstantTypeCode.Byte => blob.ReadByte().ToString(CultureInfo.InvariantCulture),
            ConstantTypeCode.Int16 => blob.ReadInt16().ToString(CultureInfo.InvariantCulture),
            ConstantTypeCode.UInt16 => blob.ReadUInt16().ToString(CultureInfo.InvariantCulture),
            ConstantTypeCode.Int32 => blob.ReadInt32().ToString(CultureInfo.InvariantCulture),
            ConstantTypeCode.UInt32 => blob.ReadUInt32().ToString(CultureInfo.InvariantCulture),
            ConstantTypeCode.Int64 => blob.ReadInt64().ToString(CultureInfo.InvariantCulture),
            ConstantTypeCode.UInt64 => blob.ReadUInt64().ToString(CultureInfo.InvariantCulture),
            ConstantTypeCode.Single => blob.ReadSingle().ToString("R", CultureInfo.InvariantCulture),
            ConstantTypeCode.Double => blob.ReadDouble().ToString("R", CultureInfo.InvariantCulture),
            ConstantTypeCode.String => "\"" + blob.ReadUTF16(blob.Length) + "\"",
            ConstantTypeCode.NullReference => "null",
            _ => constant.TypeCode.ToString(),
        };
    }

    // Type names as C#-ish text, without assembly names: "System.Collections.Generic.List<System.String>".
    private sealed class TypeNames(MetadataReader reader) : ISignatureTypeProvider<string, object?>
    {
        public string NameOf(TypeDefinitionHandle handle)
        {
            var type = reader.GetTypeDefinition(handle);
            var name = reader.GetString(type.Name);
            if (type.GetDeclaringType() is { IsNil: false } declaring)
            {
                return NameOf(declaring) + "+" + name;
            }

            var ns = reader.GetString(type.Namespace);
            return ns.Length == 0 ? name : ns + "." + name;
        }

        public string NameOfAny(EntityHandle handle) => handle.Kind switch
        {
            HandleKind.TypeDefinition => NameOf((TypeDefinitionHandle)handle),
            HandleKind.TypeReference => GetTypeFromReference(reader, (TypeReferenceHandle)handle, 0),
            HandleKind.TypeSpecification => GetTypeFromSpecification(reader, null, (TypeSpecificationHandle)handle, 0),
            _ => handle.Kind.ToString(),
        };

        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => "System." + typeCode switch
        {
            PrimitiveTypeCode.IntPtr => "IntPtr",
            PrimitiveTypeCode.UIntPtr => "UIntPtr",
            PrimitiveTypeCode.TypedReference => "TypedReference",
            _ => typeCode.ToString(),
        };

        public string GetTypeFromDefinition(MetadataReader metadata, TypeDefinitionHandle handle, byte rawTypeKind) => NameOf(handle);

        public string GetTypeFromReference(MetadataReader metadata, TypeReferenceHandle handle, byte rawTypeKind)
        {
            var type = metadata.GetTypeReference(handle);
            var name = metadata.GetString(type.Name);
            if (type.ResolutionScope.Kind == HandleKind.TypeReference)
            {
                return GetTypeFromReference(metadata, (TypeReferenceHandle)type.ResolutionScope, rawTypeKind) + "+" + name;
            }

            var ns = metadata.GetString(type.Namespace);
            return ns.Length == 0 ? name : ns + "." + name;
        }

        public string GetTypeFromSpecification(MetadataReader metadata, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            metadata.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public string GetSZArrayType(string elementType) => elementType + "[]";

        public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[" + new string(',', shape.Rank - 1) + "]";

        public string GetByReferenceType(string elementType) => "ref " + elementType;

        public string GetPointerType(string elementType) => elementType + "*";

        public string GetPinnedType(string elementType) => elementType;

        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) =>
            genericType + "<" + string.Join(", ", typeArguments) + ">";

        public string GetGenericTypeParameter(object? genericContext, int index) => "!" + index.ToString(CultureInfo.InvariantCulture);

        public string GetGenericMethodParameter(object? genericContext, int index) => "!!" + index.ToString(CultureInfo.InvariantCulture);

        public string GetFunctionPointerType(MethodSignature<string> signature) =>
            "delegate*<" + string.Join(", ", signature.ParameterTypes.Append(signature.ReturnType)) + ">";

        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) =>
            isRequired ? $"{unmodifiedType} modreq({modifier})" : unmodifiedType;
    }
}
