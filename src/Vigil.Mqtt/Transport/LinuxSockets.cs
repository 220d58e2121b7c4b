using System.Runtime.InteropServices;

namespace Vigil.Mqtt.Transport;

/// <summary>The few Linux calls the event loop needs that System.Net.Sockets does not expose: epoll, eventfd and plain recv/send.</summary>
internal static unsafe partial class LinuxSockets
{
    public const int EAGAIN = 11;
    public const int EINTR = 4;

    public const uint EPOLLIN = 0x001;
    public const uint EPOLLOUT = 0x004;
    public const uint EPOLLERR = 0x008;
    public const uint EPOLLHUP = 0x010;

    public const int EPOLL_CTL_ADD = 1;
    public const int EPOLL_CTL_DEL = 2;
    public const int EPOLL_CTL_MOD = 3;

    private const int CloseOnExec = 0x80000; // EPOLL_CLOEXEC, EFD_CLOEXEC
    private const int NonBlocking = 0x800; // EFD_NONBLOCK
    private const int MSG_NOSIGNAL = 0x4000;

    /// <summary>x86-64 packs <c>struct epoll_event</c> to 12 bytes; other architectures do not, so only x86-64 is supported.</summary>
    public static bool IsSupported => OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64;

    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    public struct EpollEvent
    {
        public uint Events;
        public ulong Data;
    }

    public static int EpollCreate() => Check(epoll_create1(CloseOnExec), "epoll_create1");

    public static int EventFd() => Check(eventfd(0, NonBlocking | CloseOnExec), "eventfd");

    public static int EpollControl(int epoll, int operation, SafeHandle socket, uint events, ulong data)
    {
        var e = new EpollEvent { Events = events, Data = data };
        return epoll_ctl(epoll, operation, socket, &e) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    public static void EpollAddRaw(int epoll, int fd, uint events, ulong data)
    {
        var e = new EpollEvent { Events = events, Data = data };
        Check(epoll_ctl_raw(epoll, EPOLL_CTL_ADD, fd, &e), "epoll_ctl");
    }

    /// <summary>Waits for events; returns how many, 0 when interrupted by a signal.</summary>
    public static int EpollWait(int epoll, EpollEvent* events, int capacity)
    {
        var count = epoll_wait(epoll, events, capacity, -1);
        return count >= 0 ? count : Marshal.GetLastPInvokeError() == EINTR ? 0 : Check(count, "epoll_wait");
    }

    /// <summary>Bytes received, 0 at end of stream, or minus errno.</summary>
    public static int Receive(SafeHandle socket, Span<byte> buffer)
    {
        fixed (byte* pointer = buffer)
        {
            var received = recv(socket, pointer, (nint)buffer.Length, 0);
            return received >= 0 ? (int)received : -Marshal.GetLastPInvokeError();
        }
    }

    /// <summary>Bytes sent, or minus errno.</summary>
    public static int Send(SafeHandle socket, ReadOnlySpan<byte> bytes)
    {
        fixed (byte* pointer = bytes)
        {
            var sent = send(socket, pointer, (nint)bytes.Length, MSG_NOSIGNAL);
            return sent >= 0 ? (int)sent : -Marshal.GetLastPInvokeError();
        }
    }

    public static void Signal(int eventFd)
    {
        ulong one = 1;
        _ = write(eventFd, &one, sizeof(ulong));
    }

    public static void Drain(int eventFd)
    {
        ulong value;
        _ = read(eventFd, &value, sizeof(ulong));
    }

    public static void Close(int fd) => _ = close(fd);

    public static void SetNonBlocking(SafeHandle socket)
    {
        const int GetFlags = 3, SetFlags = 4, NonBlockingFlag = 0x800; // F_GETFL, F_SETFL, O_NONBLOCK
        var flags = Check(fcntl(socket, GetFlags, 0), "fcntl");
        Check(fcntl(socket, SetFlags, flags | NonBlockingFlag), "fcntl");
    }

    private static int Check(int result, string call) =>
        result >= 0 ? result : throw new IOException($"{call} failed: errno {Marshal.GetLastPInvokeError()}");

    [LibraryImport("libc", SetLastError = true)]
    private static partial int epoll_create1(int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int epoll_ctl(int epoll, int operation, SafeHandle fd, EpollEvent* e);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    private static partial int epoll_ctl_raw(int epoll, int operation, int fd, EpollEvent* e);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int epoll_wait(int epoll, EpollEvent* events, int capacity, int timeout);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int eventfd(uint initial, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint recv(SafeHandle socket, byte* buffer, nint length, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint send(SafeHandle socket, byte* buffer, nint length, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint write(int fd, void* buffer, nint length);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint read(int fd, void* buffer, nint length);

    [LibraryImport("libc")]
    private static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fcntl(SafeHandle fd, int command, int argument);
}
