namespace Vigil.Mqtt.Transport;

/// <summary>Work an event loop runs after handling all the sockets of one <c>epoll_wait</c> (<see cref="EventLoop.DeferToBatchEnd"/>).</summary>
internal interface IBatchEndWork
{
    void OnBatchEnd();
}
