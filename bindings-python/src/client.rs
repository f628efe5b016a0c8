//! The API client for Python: one native class that runs any operation of
//! the core's list by name (`client::surface`), synchronously with the GIL
//! released while Rust waits on the network, or in the background for
//! asyncio (the result handed to a callback, which the Python side turns
//! into an awaitable). The typed `Client`/`AsyncClient` and their models
//! are Python code generated from the same list (`stone-codegen`), so this
//! file never changes when an operation is added.
//!
//! After `fork()` (gunicorn, celery) a child cannot use the parent's tokio
//! runtime (its threads did not survive) nor its connections: the client
//! notices the new process id and builds a fresh runtime and client from
//! the configuration it kept. The parent's are left alone, never dropped in
//! the child (dropping them would wait on threads that do not exist there).

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyModule};
use stone_openbank::client::surface::{self, ClientConfig, Output};
use stone_openbank::client::{Client, Error};
use tokio::runtime::Runtime;

/// A client and its runtime (started at the first call), made in the
/// process `pid`.
struct Live {
    pid: u32,
    runtime: Option<Arc<Runtime>>,
    client: Client,
}

#[pyclass(module = "stone_openbank._native", frozen)]
pub struct NativeClient {
    config: ClientConfig,
    live: Mutex<Option<Live>>,
}

static ERRORS: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

/// The core's error as the exception `stone_openbank.errors` maps it to.
pub(crate) fn raise(py: Python<'_>, error: &Error) -> PyErr {
    let text = surface::error_json(error);
    let build = || -> PyResult<PyErr> {
        let module = ERRORS.get_or_try_init(py, || {
            PyModule::import(py, "stone_openbank.errors").map(Bound::unbind)
        })?;
        let exception = module.bind(py).getattr("_from_core")?.call1((text,))?;
        Ok(PyErr::from_value(exception))
    };
    build().unwrap_or_else(|e| PyRuntimeError::new_err(format!("stone_openbank.errors: {e}")))
}

fn runtime() -> std::io::Result<Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("stone-openbank")
        .enable_all()
        .build()
}

impl NativeClient {
    /// This process's runtime and client: the client built by `new`, the
    /// runtime started at the first call; both made again in a forked child.
    fn live(&self) -> Result<(Arc<Runtime>, Client), Error> {
        let pid = std::process::id();
        let mut live = self
            .live
            .lock()
            .map_err(|_| Error::Transport("the client's state was poisoned".into()))?;
        if live.as_ref().is_none_or(|l| l.pid != pid) {
            let fresh = Live {
                pid,
                runtime: None,
                client: self.config.build()?,
            };
            // A parent's state in a child: forgotten, not dropped (see above).
            if let Some(old) = live.replace(fresh) {
                std::mem::forget(old);
            }
        }
        let Some(l) = live.as_mut() else {
            return Err(Error::Transport("the client's state is missing".into()));
        };
        let runtime = match &l.runtime {
            Some(runtime) => runtime.clone(),
            None => {
                let runtime = Arc::new(runtime().map_err(|e| Error::Transport(e.to_string()))?);
                l.runtime = Some(runtime.clone());
                runtime
            }
        };
        Ok((runtime, l.client.clone()))
    }
}

fn text(py: Python<'_>, text: String) -> Py<PyAny> {
    text.into_pyobject(py)
        .map(|s| s.into_any().unbind())
        .unwrap_or_else(|never| match never {})
}

fn output(py: Python<'_>, out: Output) -> Py<PyAny> {
    match out {
        Output::Json(t) => text(py, t),
        Output::Bytes(bytes) => PyBytes::new(py, &bytes).into_any().unbind(),
    }
}

/// Runs `work` on the runtime and reports to `done(result, error)` from a
/// runtime thread: the result as `to_py` makes it, or the error JSON.
fn spawn_reporting<T, F>(
    runtime: &Runtime,
    work: F,
    done: Py<PyAny>,
    to_py: fn(Python<'_>, T) -> Py<PyAny>,
) where
    T: Send + 'static,
    F: std::future::Future<Output = Result<T, Error>> + Send + 'static,
{
    runtime.spawn(async move {
        let result = work.await;
        // Counted before the closing check, so `quiesce` either sees this
        // report in flight (and waits for it) or this report sees closing.
        IN_FLIGHT.fetch_add(1, Ordering::SeqCst);
        if !CLOSING.load(Ordering::SeqCst) {
            // Not while the interpreter is finalizing (or gone): nobody waits.
            Python::try_attach(|py| {
                let args = match result {
                    Ok(value) => (to_py(py, value), py.None()),
                    Err(e) => (py.None(), text(py, surface::error_json(&e))),
                };
                // The callback only schedules the result on its event loop;
                // if that loop is gone there is no one left to tell.
                let _ = done.call1(py, args);
            });
        } else {
            // Python objects are not touched once closing: the reference
            // is leaked rather than dropped without the GIL.
            std::mem::forget(done);
        }
        IN_FLIGHT.fetch_sub(1, Ordering::SeqCst);
    });
}

/// Reports running on runtime threads (see [`quiesce`]).
static IN_FLIGHT: AtomicUsize = AtomicUsize::new(0);
/// Set at interpreter exit: no new report touches Python.
static CLOSING: AtomicBool = AtomicBool::new(false);

/// Called at interpreter exit (`atexit`, registered by `_client.py`), before
/// finalization starts: no new report may take the GIL, and the ones in
/// flight are let finish. Without it, a report whose callback was woken
/// the loop (a socket write releases the GIL) could be asked for the GIL
/// back while the interpreter finalizes, which ends the thread by force
/// in the middle of Rust frames: a crash at exit, seen in 3 of 10 runs of
/// a script that awaits one call and ends.
#[pyfunction]
fn quiesce(py: Python<'_>) {
    CLOSING.store(true, Ordering::SeqCst);
    py.detach(|| {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while IN_FLIGHT.load(Ordering::SeqCst) > 0 && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
    });
}

/// Dropping the client stops its runtime without waiting for its threads:
/// waiting could deadlock (a worker may be waiting for the GIL this thread
/// holds), and a forked child's copy has no threads to wait for (forgotten).
impl Drop for NativeClient {
    fn drop(&mut self) {
        let Ok(mut live) = self.live.lock() else {
            return;
        };
        if let Some(l) = live.take() {
            if l.pid != std::process::id() {
                std::mem::forget(l);
            } else if let Some(Ok(runtime)) = l.runtime.map(Arc::try_unwrap) {
                runtime.shutdown_background();
            }
        }
    }
}

#[pymethods]
impl NativeClient {
    /// Checks the configuration (JSON of `ClientConfig`) at once: a bad key
    /// or a missing field is an error here, not at the first call.
    #[new]
    fn new(py: Python<'_>, config_json: &str) -> PyResult<Self> {
        let config = ClientConfig::from_json(config_json).map_err(|e| raise(py, &e))?;
        // Built once, here; a forked child builds its own.
        let client = config.build().map_err(|e| raise(py, &e))?;
        Ok(NativeClient {
            config,
            live: Mutex::new(Some(Live {
                pid: std::process::id(),
                runtime: None,
                client,
            })),
        })
    }

    /// Runs an operation, the GIL released while it waits: its JSON text,
    /// or `bytes` for files.
    fn call(&self, py: Python<'_>, op: &str, args_json: &str) -> PyResult<Py<PyAny>> {
        let (runtime, client) = self.live().map_err(|e| raise(py, &e))?;
        let result = py.detach(|| runtime.block_on(surface::call(&client, op, args_json)));
        result.map(|out| output(py, out)).map_err(|e| raise(py, &e))
    }

    /// One page of a list, the GIL released: `{"data": [...], "after": ...}`.
    #[pyo3(signature = (op, args_json, after=None, limit=None))]
    fn page(
        &self,
        py: Python<'_>,
        op: &str,
        args_json: &str,
        after: Option<String>,
        limit: Option<u32>,
    ) -> PyResult<String> {
        let (runtime, client) = self.live().map_err(|e| raise(py, &e))?;
        py.detach(|| runtime.block_on(surface::page(&client, op, args_json, after, limit)))
            .map_err(|e| raise(py, &e))
    }

    /// Starts an operation on the client's runtime and returns at once;
    /// `done(result, error)` is called from a runtime thread with the result
    /// (text or bytes) or the error JSON. The future owns its inputs, so a
    /// cancelled awaitable leaves it to finish (a cash-out is never cut in
    /// half, and its key was sent).
    fn call_async(
        &self,
        py: Python<'_>,
        op: String,
        args_json: String,
        done: Py<PyAny>,
    ) -> PyResult<()> {
        let (runtime, client) = self.live().map_err(|e| raise(py, &e))?;
        spawn_reporting(
            &runtime,
            async move { surface::call(&client, &op, &args_json).await },
            done,
            output,
        );
        Ok(())
    }

    /// `page` for asyncio, as `call_async`.
    #[pyo3(signature = (op, args_json, after, limit, done))]
    fn page_async(
        &self,
        py: Python<'_>,
        op: String,
        args_json: String,
        after: Option<String>,
        limit: Option<u32>,
        done: Py<PyAny>,
    ) -> PyResult<()> {
        let (runtime, client) = self.live().map_err(|e| raise(py, &e))?;
        spawn_reporting(
            &runtime,
            async move { surface::page(&client, &op, &args_json, after, limit).await },
            done,
            text,
        );
        Ok(())
    }

    /// Never shows the key or the token.
    fn __repr__(&self) -> String {
        format!(
            "NativeClient(user_agent={:?}, client_id={:?})",
            self.config.user_agent, self.config.client_id
        )
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<NativeClient>()?;
    m.add_function(wrap_pyfunction!(quiesce, m)?)
}
