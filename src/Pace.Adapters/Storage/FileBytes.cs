using System.Buffers;
using System.Runtime.InteropServices;

namespace Pace.Adapters.Storage;

/// <summary>
/// Reads a whole file. A process that runs one hot feature-list command and exits
/// (<see cref="ShortLived"/>, set by Program.cs only) reads a large file into memory that Linux may
/// back with 2 MB pages: on this machine kind the first touch of each fresh 4 KB page costs more
/// than parsing it (bench/results/startup.md). That memory is never given back; the process ends
/// within milliseconds. Every other process, and every other system, gets an ordinary array.
/// </summary>
public static partial class FileBytes
{
    private const int LargeFile = 1 << 20;
    private const long HugePage = 2L << 20;

    /// <summary>True in a process that reads at most a few files and then exits.</summary>
    public static bool ShortLived { get; set; }

    public static ReadOnlyMemory<byte> ReadAll(string path)
    {
        if (!ShortLived || !OperatingSystem.IsLinux())
        {
            return File.ReadAllBytes(path);
        }

        using var handle = File.OpenHandle(path);
        var length = RandomAccess.GetLength(handle);
        if (length < LargeFile || length > int.MaxValue / 2 || HugePageMemory.Allocate((int)length) is not { } memory)
        {
            return File.ReadAllBytes(path);
        }

        var span = memory.GetSpan();
        var read = 0;
        while (read < span.Length && RandomAccess.Read(handle, span[read..], read) is var count and > 0)
        {
            read += count;
        }

        return memory.Memory[..read];
    }

    /// <summary>Anonymous memory aligned to 2 MB and marked for huge pages; never unmapped.</summary>
    private sealed unsafe class HugePageMemory(byte* start, int length) : MemoryManager<byte>
    {
        public static HugePageMemory? Allocate(int length)
        {
            const int protReadWrite = 3;
            const int mapPrivateAnonymous = 0x02 | 0x20;
            const int madvHugePage = 14;
            var size = ((length + HugePage - 1) / HugePage * HugePage) + HugePage;
            var raw = NativeMethods.Mmap(0, (nuint)size, protReadWrite, mapPrivateAnonymous, -1, 0);
            if (raw == -1)
            {
                return null;
            }

            var aligned = (raw + (nint)HugePage - 1) / (nint)HugePage * (nint)HugePage;
            // Only advice: without huge pages the memory still works, page by page.
            _ = NativeMethods.Madvise(aligned, (nuint)(size - HugePage), madvHugePage);
            return new HugePageMemory((byte*)aligned, length);
        }

        public override Span<byte> GetSpan() => new(start, length);

        public override MemoryHandle Pin(int elementIndex = 0) => new(start + elementIndex);

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
        }
    }

    private static partial class NativeMethods
    {
        [LibraryImport("libc", EntryPoint = "mmap")]
        internal static partial nint Mmap(nint address, nuint length, int protection, int flags, int fd, nint offset);

        [LibraryImport("libc", EntryPoint = "madvise")]
        internal static partial int Madvise(nint address, nuint length, int advice);
    }
}
