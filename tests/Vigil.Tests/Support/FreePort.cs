using System.Net;
using System.Net.Sockets;

namespace Vigil.Tests.Support;

public static class FreePort
{
    private static readonly HashSet<int> HandedOut = [];

    /// <summary>
    /// A loopback port nobody listens on right now (the OS picks it), and never one handed out before in this test
    /// run: the OS may give a just-released port again, and two servers of one test must not get the same one.
    /// </summary>
    public static int Next()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            lock (HandedOut)
            {
                if (HandedOut.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
