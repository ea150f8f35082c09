#include "emulator/server/signals.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <csignal>

namespace hawk::emulator {

int wait_for_termination(const std::function<void()>& ready) {
    boost::asio::io_context ioc(1);
    boost::asio::signal_set signals(ioc, SIGINT, SIGTERM);
    int received = 0;
    signals.async_wait([&](const boost::system::error_code& ec, int number) {
        if (!ec)
            received = number;
    });
    if (ready)
        ready();
    ioc.run();
    return received;
}

} // namespace hawk::emulator
