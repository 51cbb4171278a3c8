//! Keyboard focus on a bare X server.
//!
//! A window manager gives a new window the keyboard. Where there is none (a kiosk, a virtual
//! display such as Xvfb), X leaves the window unfocused and winit drops every key press, so no
//! shortcut works. Muscat then takes the focus itself, once, the way a fullscreen window does.
//! Nor does anything there act on a request for full screen, so presentation mode sizes the
//! window to the screen itself.

/// Whether the attempt is finished (done, or not needed, or impossible here).
#[cfg(target_os = "linux")]
pub fn focus_without_window_manager(frame: &eframe::Frame) -> bool {
    use raw_window_handle::{HasWindowHandle, RawWindowHandle};
    use x11rb::connection::Connection;
    use x11rb::protocol::xproto::{ConnectionExt, InputFocus};
    let Ok(handle) = frame.window_handle() else {
        return true;
    };
    let window = match handle.as_raw() {
        RawWindowHandle::Xlib(h) => h.window as u32,
        RawWindowHandle::Xcb(h) => h.window.get(),
        _ => return true, // Wayland, or not a native window: the compositor decides
    };
    let Ok((conn, screen)) = x11rb::connect(None) else {
        return true;
    };
    let Some(root) = conn.setup().roots.get(screen).map(|s| s.root) else {
        return true;
    };
    if has_window_manager(&conn, root) {
        return true;
    }
    // The window may not be viewable yet in the first frames; try again on the next one.
    let focused = conn
        .set_input_focus(InputFocus::PARENT, window, x11rb::CURRENT_TIME)
        .ok()
        .and_then(|c| c.check().ok())
        .is_some();
    let _ = conn.flush();
    focused
}

/// A window manager announces itself with _NET_SUPPORTING_WM_CHECK on the root window.
#[cfg(target_os = "linux")]
fn has_window_manager(conn: &impl x11rb::connection::Connection, root: u32) -> bool {
    use x11rb::protocol::xproto::{AtomEnum, ConnectionExt};
    conn.intern_atom(true, b"_NET_SUPPORTING_WM_CHECK")
        .ok()
        .and_then(|c| c.reply().ok())
        .map(|r| r.atom)
        .filter(|&a| a != x11rb::NONE)
        .and_then(|atom| {
            conn.get_property(false, root, atom, AtomEnum::WINDOW, 0, 1)
                .ok()
                .and_then(|c| c.reply().ok())
        })
        .is_some_and(|p| p.value_len > 0)
}

/// Whether the window is on an X server with no window manager, where asking for full screen
/// does nothing: the app then sizes its window to the screen itself.
#[cfg(target_os = "linux")]
pub fn bare_x_server(frame: &eframe::Frame) -> bool {
    use raw_window_handle::{HasWindowHandle, RawWindowHandle};
    use x11rb::connection::Connection;
    let is_x = frame.window_handle().is_ok_and(|h| {
        matches!(
            h.as_raw(),
            RawWindowHandle::Xlib(_) | RawWindowHandle::Xcb(_)
        )
    });
    if !is_x {
        return false;
    }
    let Ok((conn, screen)) = x11rb::connect(None) else {
        return false;
    };
    let Some(root) = conn.setup().roots.get(screen).map(|s| s.root) else {
        return false;
    };
    !has_window_manager(&conn, root)
}

/// Other platforms have a window manager that handles full screen.
#[cfg(not(target_os = "linux"))]
pub fn bare_x_server(_frame: &eframe::Frame) -> bool {
    false
}

/// Other platforms have a window manager that focuses new windows.
#[cfg(not(target_os = "linux"))]
pub fn focus_without_window_manager(_frame: &eframe::Frame) -> bool {
    true
}
