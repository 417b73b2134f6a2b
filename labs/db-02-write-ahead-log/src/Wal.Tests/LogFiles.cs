namespace FromScratch.Wal.Tests;

/// <summary>Writes logs with the public LogWriter and reads them back with the public LogReader.</summary>
public static class LogFiles
{
    /// <summary>Writes <paramref name="records"/> to a new log; returns the file's bytes and each record's end offset.</summary>
    public static (byte[] Bytes, long[] Ends) Write(string path, IReadOnlyList<byte[]> records)
    {
        var ends = new long[records.Count];
        using (var writer = LogWriter.Create(path))
        {
            for (var i = 0; i < records.Count; i++)
            {
                writer.AddRecord(records[i]);
                ends[i] = writer.Length;
            }
        }
        return (File.ReadAllBytes(path), ends);
    }

    public static List<byte[]> Read(byte[] log, ICorruptionReporter? reporter = null, long initialOffset = 0)
    {
        using var reader = new LogReader(new MemoryStream(log, writable: false), reporter, initialOffset);
        return [.. reader.ReadRecords()];
    }

    public static List<byte[]> Read(string path, ICorruptionReporter? reporter = null, long initialOffset = 0)
    {
        using var reader = LogReader.Open(path, reporter, initialOffset);
        return [.. reader.ReadRecords()];
    }

    /// <summary>A record of <paramref name="length"/> bytes whose content identifies it (index and position).</summary>
    public static byte[] Record(int index, int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)((index * 31) + (i * 7) + (i >> 8));
        }
        return bytes;
    }
}
