/** The <meta> name `deepreplay serve` adds to the page it serves: the page then asks it for recordings. */
export const SERVED_MARK = "deepreplay-serve";
