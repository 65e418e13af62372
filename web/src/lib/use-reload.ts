import { useState } from 'react';

/**
 * After a save refused as stale (412): reads the record again, then `after` drops the form's draft and the error.
 * Shared by the settings forms (SMTP, wallet, lookups, the WhatsApp number, the dialer's rules).
 */
export function useReload(refetch: () => Promise<unknown>, after: () => void) {
  const [reloading, setReloading] = useState(false);
  const reload = async () => {
    setReloading(true);
    try {
      await refetch();
    } finally {
      setReloading(false);
    }
    after();
  };
  return { reloading, reload };
}
