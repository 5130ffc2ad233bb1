-- Export: the Review sheet's rows (one per entitlement under review), in sheet order.
SELECT * FROM review_rows
